"""Loads the shipped places (data/places.yaml) into the database. Filled in by the places work."""


def sync_after_migrate(**kwargs) -> None:
    pass
