"""The OPDC Data Catalog self-assessment (seed 001 lines 363–417): the 50 / 75 / 100 score of an
organisation, computed from the state of its catalog.

* criteria.py: the five criteria, their points and the verbatim Thai wording;
* facts.py: what the assessment needs to know about a dataset and the organisation (plain data);
* assessment.py: pure functions from facts to each criterion's result and the score;
* messages.py: reasons and summaries as sentences in the reader's language;
* export.py: the assessment as CSV rows.

docs/opdc-assessment.md explains the rules and how the partial steps combine."""
