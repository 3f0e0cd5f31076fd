""""Create a KPI dataset from a document": an editor uploads a document, a background job extracts it into a
draft with a preview, and nothing is published until the editor confirms (issue 20)."""
