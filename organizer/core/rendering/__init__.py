"""Clinical files (C-CDA, CCR, FHIR) made readable: read into a Rendering, then written as
PDF pages or an offline HTML page. No vendor stylesheet is run and nothing is fetched."""
