/* Interactive indicator charts (issue 21), bundled with Chart.js by webassets (kpi/kpi-indicator-chart-js).

   Progressive enhancement: the page is complete without this file (server-rendered SVG, HTML legend,
   table of every value). When it runs, each figure[data-kpi-chart] gets a canvas chart drawn from the
   JSON the server wrote into that attribute, in place of the SVG: values on hover, series shown or
   hidden with the legend's buttons, chart and table tabs, PNG and CSV downloads. Text from documents is
   only ever set as textContent or given to Chart.js, which draws it on the canvas; never as HTML. */
(function () {
  'use strict';

  var MARKERS = { circle: 'circle', ring: 'circle', diamond: 'rectRot', square: 'rect', tick: 'line' };
  var NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function bandColour(hex) {
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',0.15)';
  }

  function datasets(data) {
    var drawn = data.series.map(function (series) {
      var isTick = series.marker === 'tick';
      return {
        type: 'line',
        label: series.label,
        data: series.values,
        borderColor: series.colour,
        backgroundColor: series.marker === 'ring' ? '#ffffff' : series.colour,
        borderDash: series.dash,
        borderWidth: isTick ? 3 : 2,
        showLine: series.line,
        spanGaps: true,
        pointStyle: MARKERS[series.marker] || 'rect',
        pointRadius: isTick ? 10 : 4.5,
        pointHoverRadius: isTick ? 12 : 6,
        pointBorderWidth: isTick ? 3 : 2,
        order: 1
      };
    });
    // The 50/75/100 levels as bands across each fiscal year's whole column, under the series (as the SVG).
    data.bands.forEach(function (band) {
      drawn.push({
        type: 'bar',
        label: band.label,
        data: band.ranges,
        backgroundColor: bandColour(band.colour),
        borderWidth: 0,
        grouped: false,
        categoryPercentage: 1,
        barPercentage: 1,
        isBand: true,
        order: 10
      });
    });
    return drawn;
  }

  function tooltipHandler(box, data) {
    return function (context) {
      var tooltip = context.tooltip;
      if (!tooltip || tooltip.opacity === 0 || !tooltip.dataPoints || !tooltip.dataPoints.length) {
        box.hidden = true;
        return;
      }
      var index = tooltip.dataPoints[0].dataIndex;
      box.textContent = '';
      box.appendChild(element('p', { 'class': 'kpi-chart-tooltip-period' }, data.text.period + ' ' + data.periods[index]));
      var list = element('ul');
      tooltip.dataPoints.forEach(function (item) {
        var series = data.series[item.datasetIndex];
        var row = element('li', { 'data-series-key': series.key });
        row.appendChild(element('span', { 'class': 'kpi-chart-tooltip-label' }, series.label + ': '));
        row.appendChild(element('span', { 'class': 'kpi-chart-tooltip-value' }, series.texts[index]));
        if (series.originals[index] && series.originals[index] !== series.texts[index]) {
          row.appendChild(element('span', { 'class': 'kpi-chart-tooltip-original' }, ' «' + series.originals[index] + '»'));
        }
        list.appendChild(row);
      });
      box.appendChild(list);
      box.hidden = false;
      var area = context.chart.canvas.parentNode;
      var left = Math.max(0, Math.min(tooltip.caretX + 12, area.clientWidth - box.offsetWidth));
      var top = tooltip.caretY + 12 + box.offsetHeight > area.clientHeight
        ? Math.max(0, tooltip.caretY - box.offsetHeight - 12) : tooltip.caretY + 12;
      box.style.left = left + 'px';
      box.style.top = top + 'px';
    };
  }

  // The canvas is transparent: paint it white, so that the PNG download has a background.
  var whiteBackground = {
    id: 'kpiWhiteBackground',
    beforeDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save();
      ctx.globalCompositeOperation = 'destination-over';
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    }
  };

  function valuesTable(data) {
    var wrapper = element('div', { 'class': 'table-responsive' });
    var table = element('table', { 'class': 'table table-striped table-condensed kpi-chart-table' });
    table.appendChild(element('caption', {}, data.text.table_caption));
    var head = element('tr');
    head.appendChild(element('th', { scope: 'col' }, data.text.period));
    data.series.forEach(function (series) { head.appendChild(element('th', { scope: 'col' }, series.label)); });
    table.appendChild(element('thead')).appendChild(head);
    var body = table.appendChild(element('tbody'));
    data.periods.forEach(function (period, index) {
      var row = element('tr');
      row.appendChild(element('th', { scope: 'row' }, period));
      data.series.forEach(function (series) { row.appendChild(element('td', {}, series.texts[index] || '—')); });
      body.appendChild(row);
    });
    wrapper.appendChild(table);
    return wrapper;
  }

  function tabs(figure, number, data, chartPanel, tablePanel) {
    var list = element('div', { role: 'tablist', 'aria-label': data.text.views, 'class': 'kpi-chart-tabs' });
    var panels = [chartPanel, tablePanel];
    var buttons = [data.text.chart, data.text.table].map(function (text, index) {
      var id = 'kpi-chart-' + number + '-tab-' + index;
      panels[index].id = 'kpi-chart-' + number + '-panel-' + index;
      panels[index].setAttribute('role', 'tabpanel');
      panels[index].setAttribute('aria-labelledby', id);
      return element('button', {
        type: 'button', role: 'tab', id: id, 'class': 'btn btn-default kpi-chart-tab',
        'aria-controls': panels[index].id
      }, text);
    });
    function select(chosen, focus) {
      buttons.forEach(function (button, index) {
        var on = index === chosen;
        button.setAttribute('aria-selected', on ? 'true' : 'false');
        button.tabIndex = on ? 0 : -1;
        panels[index].hidden = !on;
      });
      if (focus) { buttons[chosen].focus(); }
    }
    buttons.forEach(function (button, index) {
      button.addEventListener('click', function () { select(index, false); });
      button.addEventListener('keydown', function (event) {
        if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
          event.preventDefault();
          select((index + 1) % buttons.length, true);
        }
      });
      list.appendChild(button);
    });
    select(0, false);
    return list;
  }

  function legendToggles(figure, chart, data) {
    var legend = figure.querySelector('.kpi-chart-legend');
    if (!legend) { return; }
    legend.setAttribute('aria-label', data.text.toggle_hint);
    Array.prototype.forEach.call(legend.children, function (item, index) {
      var series = data.series[index];
      if (!series) { return; }
      var button = element('button', {
        type: 'button', 'class': 'kpi-series-toggle', 'aria-pressed': 'true', 'data-series-key': series.key
      });
      while (item.firstChild) { button.appendChild(item.firstChild); }
      item.appendChild(button);
      button.addEventListener('click', function () {
        var shown = !chart.isDatasetVisible(index);
        chart.setDatasetVisibility(index, shown);
        button.setAttribute('aria-pressed', shown ? 'true' : 'false');
        chart.update();
      });
    });
    figure.appendChild(element('p', { 'class': 'kpi-note kpi-chart-hint' }, data.text.toggle_hint));
  }

  function downloads(figure, chart, data) {
    var bar = element('div', { 'class': 'kpi-chart-downloads' });
    var png = element('button', { type: 'button', 'class': 'btn btn-default btn-sm kpi-chart-png' }, data.text.png);
    png.addEventListener('click', function () {
      var link = element('a', { href: chart.toBase64Image('image/png'), download: figure.dataset.fileName + '.png' });
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
    bar.appendChild(png);
    bar.appendChild(element('a', {
      href: figure.dataset.csvUrl, download: '', 'class': 'btn btn-default btn-sm kpi-chart-csv'
    }, data.text.csv));
    return bar;
  }

  function enhance(figure, number) {
    var frame = figure.querySelector('.kpi-chart-frame');
    if (!frame) { return; }
    var data = JSON.parse(figure.getAttribute('data-kpi-chart'));
    var chartPanel = element('div', { 'class': 'kpi-chart-panel' });
    var box = element('div', { 'class': 'kpi-chart-canvas-box' });
    var canvas = element('canvas', { role: 'img', 'aria-label': data.unit ? data.title + ' (' + data.unit + ')' : data.title });
    var tooltipBox = element('div', { 'class': 'kpi-chart-tooltip', 'aria-hidden': 'true' });
    tooltipBox.hidden = true;
    box.appendChild(canvas);
    box.appendChild(tooltipBox);
    chartPanel.appendChild(box);
    var tablePanel = element('div', { 'class': 'kpi-chart-table-panel' });
    tablePanel.appendChild(valuesTable(data));

    var font = window.getComputedStyle(figure).fontFamily;
    var chart = new window.Chart(canvas, {
      data: { labels: data.axis_labels, datasets: datasets(data) },
      plugins: [whiteBackground],
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'index', intersect: false },
        font: { family: font, size: 13 },
        scales: {
          x: { offset: true, grid: { display: false }, ticks: { font: { family: font, size: 12 }, color: '#333' } },
          y: {
            beginAtZero: false,  // as the SVG: the axis spans the values, so close levels stay apart
            grace: '5%',
            title: { display: !!data.unit, text: data.unit, font: { family: font, size: 13, weight: 600 }, color: '#333' },
            ticks: { font: { family: font, size: 12 }, color: '#333', callback: function (value) { return NUMBER.format(value); } }
          }
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            enabled: false,
            filter: function (item) { return !item.dataset.isBand && item.raw !== null; },
            external: tooltipHandler(tooltipBox, data)
          }
        }
      }
    });
    canvas.addEventListener('mouseleave', function () { tooltipBox.hidden = true; });

    var toolbar = element('div', { 'class': 'kpi-chart-toolbar' });
    toolbar.appendChild(tabs(figure, number, data, chartPanel, tablePanel));
    toolbar.appendChild(downloads(figure, chart, data));
    frame.hidden = true;  // the SVG stays in the page source for readers without JavaScript
    frame.parentNode.insertBefore(toolbar, frame);
    frame.parentNode.insertBefore(chartPanel, frame);
    frame.parentNode.insertBefore(tablePanel, frame);
    legendToggles(figure, chart, data);
    figure.classList.add('kpi-chart-interactive');
  }

  function start() {
    if (typeof window.Chart === 'undefined') { return; }
    Array.prototype.forEach.call(document.querySelectorAll('figure[data-kpi-chart]'), enhance);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
