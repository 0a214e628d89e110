"""Counting the catalog's entries: how many of a search's entries have each concept, lie in each county,
and have an activity together with a target group. (Population figures are another matter: they belong
to the evidence app.)"""
