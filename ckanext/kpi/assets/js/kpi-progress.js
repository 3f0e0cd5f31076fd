/* Progress without a manual reload: an element with data-kpi-poll-url is polled every 1.5 s.
 * The answer is JSON, either {state, counts, stage_label} (a draft's status) or CKAN's {result: {state}}.
 * Elements inside it with data-kpi-field="state|stage_label|<count name>" show the latest values; when the
 * state leaves data-kpi-poll-while (a space-separated list), the page reloads to show the result. */
(function () {
  "use strict";
  function poll(element) {
    var url = element.getAttribute("data-kpi-poll-url");
    var whileStates = (element.getAttribute("data-kpi-poll-while") || "").split(" ");
    var tries = 0;
    function show(data) {
      var fields = element.querySelectorAll("[data-kpi-field]");
      for (var i = 0; i < fields.length; i++) {
        var name = fields[i].getAttribute("data-kpi-field");
        var value = name in data ? data[name] : (data.counts || {})[name];
        if (value !== undefined && value !== null) { fields[i].textContent = String(value); }
      }
      var stages = element.querySelectorAll("[data-kpi-stage]");
      for (var j = 0; j < stages.length; j++) {
        var reached = (data.reached || []).indexOf(stages[j].getAttribute("data-kpi-stage")) >= 0;
        stages[j].classList.toggle("kpi-stage-reached", reached);
        stages[j].classList.toggle("kpi-stage-current", stages[j].getAttribute("data-kpi-stage") === data.state);
      }
    }
    function tick() {
      tries += 1;
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (body) {
          if (!body) { return; }
          var data = body.result !== undefined ? body.result : body;
          show(data);
          if (whileStates.indexOf(data.state) < 0) { window.location.reload(); return; }
          if (tries < 800) { window.setTimeout(tick, 1500); }
        })
        .catch(function () { if (tries < 800) { window.setTimeout(tick, 3000); } });
    }
    window.setTimeout(tick, 1000);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var elements = document.querySelectorAll("[data-kpi-poll-url]");
    for (var i = 0; i < elements.length; i++) { poll(elements[i]); }
  });
})();
