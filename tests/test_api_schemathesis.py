"""schemathesis against the OpenAPI document: for any generated input, no server error, and every response
(status, content type, headers, body) conforms to the schema. In-process through the WSGI app.

All built-in checks run except positive_data_acceptance: whether a well-formed concept code or place
number exists depends on the data, not the schema, and an unknown one is rightly a 400.
Hypothesis runs inside each test (not through ``schema.parametrize``) so the catalog fixture is built once
per operation and every generated request sees it.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from tiltak.api.schema import openapi_document
from tiltak.wsgi import application

schema = schemathesis.openapi.from_dict(openapi_document())
schema.app = application
OPERATIONS = {op.label: op for op in (result.ok() for result in schema.get_all_operations())}

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_test_connection():
    """Calling the WSGI app directly fires request_finished, whose handler would close the test
    transaction's connection (on PostgreSQL); Django's test client disconnects it the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_api_conforms_to_its_schema(api_catalog, keep_test_connection, label):
    operation = OPERATIONS[label]

    @given(case=operation.as_strategy())
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    check()
