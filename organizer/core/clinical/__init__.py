"""Clinical content read out of portal files (C-CDA, CCR, FHIR): the model and its readers."""
