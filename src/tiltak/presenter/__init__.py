"""What a reader sees of the catalog's data: labels in the reader's language, links that toggle a filter,
snippets as HTML, and the JSON shape of each page. The search and the counts compute plain numbers; every
surface (the web pages, their JSON, the API, `tiltak search`) shows them through this package, once."""
