"""The OpenAPI document stays true: every API route is documented, every documented path resolves."""

from __future__ import annotations

import re

import pytest
from django.urls import resolve

from tiltak.api import schema
from tiltak.api.urls import urlpatterns

CATCH_ALL = "not-found"


def _route_to_openapi(route: str) -> str:
    return "/api/v1/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def test_every_api_route_is_documented():
    routes = {_route_to_openapi(str(p.pattern)) for p in urlpatterns if p.name != CATCH_ALL}
    assert routes == set(schema.DOCUMENT["paths"])


def test_every_documented_path_resolves_to_its_view():
    for path, item in schema.DOCUMENT["paths"].items():
        examples = {p["name"]: p["example"] for p in item.get("parameters", []) if p["in"] == "path"}
        concrete = path
        for name, example in examples.items():
            concrete = concrete.replace("{" + name + "}", str(example))
        match = resolve(concrete)
        assert match.url_name == item["get"]["operationId"], path


def test_every_operation_has_an_id_summary_and_a_success_response():
    ids = []
    for path, item in schema.DOCUMENT["paths"].items():
        op = item["get"]
        ids.append(op["operationId"])
        assert op["summary"] and op["description"], path
        assert "200" in op["responses"], path
    assert len(ids) == len(set(ids))


def test_the_schema_is_a_valid_openapi_31_document():
    import schemathesis

    loaded = schemathesis.openapi.from_dict(schema.openapi_document())
    operations = [result.ok() for result in loaded.get_all_operations()]
    methods = {"get", "patch"}
    assert len(operations) == sum(len(methods & set(item)) for item in schema.DOCUMENT["paths"].values())


def test_filter_parameters_match_the_search_facets():
    from tiltak.search.facets import FACETS

    documented = {p["name"] for p in schema.FILTER_PARAMS} - {"q"}
    assert documented == {spec.key for spec in FACETS}


@pytest.mark.django_db
def test_openapi_json_is_served_with_open_cors(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["openapi"].startswith("3.1")


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_docs_page_lists_every_endpoint_with_an_example_request(client, lang):
    response = client.get("/api/v1/docs/", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    for path in schema.DOCUMENT["paths"]:
        assert f"<code>{path}</code>" in html
    assert "curl 'http://testserver/api/v1/search?q=bustad" in html
    assert "<script" not in html and "https://" not in html.split("<body>")[0]


@pytest.mark.django_db
def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/nothing/here")
    assert response.status_code == 404
    assert response.json()["error"]["message"].startswith("No API endpoint at '/api/v1/nothing/here'")


@pytest.mark.django_db
def test_api_index_links_to_every_endpoint(client):
    links = client.get("/api/v1/").json()["links"]
    assert links["openapi"] == "http://testserver/api/v1/openapi.json"
    assert set(links) >= {"search", "entry", "vocabularies", "statistics", "export", "docs"}


@pytest.mark.django_db
def test_posting_to_the_api_is_refused(client):
    response = client.post("/api/v1/search")
    assert response.status_code == 405
    assert "GET" in response["Allow"]
