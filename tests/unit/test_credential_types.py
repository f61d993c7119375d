"""The AWX / Automation Platform credential types under extensions/awx/credential_types/: each one is a valid
credential type, injects only environment variables the modules and the inventory plugin read, marks every
secret as secret, and hands over exactly one complete kind of credentials, with certificates checked."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import os
import re

import pytest
import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ansible_collections.tableau.server.plugins.module_utils.arguments import (
    ENVIRONMENT,
    SECRET_OPTIONS,
    environment_credentials,
    from_environment,
    resolve_credentials,
)

COLLECTION = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TYPES = sorted(glob.glob(os.path.join(COLLECTION, "extensions", "awx", "credential_types", "*.yml")))
# What AWX accepts in a field of a custom credential type (awx/main/fields.py, CredentialTypeInputField).
FIELD_KEYS = {"id", "label", "type", "help_text", "multiline", "secret", "ask_at_runtime", "default", "format",
              "choices"}
STRING_ONLY_KEYS = {"choices", "multiline", "format", "secret"}
FIELD_ID = re.compile(r"^[a-zA-Z_]+[a-zA-Z0-9_]*$")
SECRET_VARIABLES = set(ENVIRONMENT[option] for option in SECRET_OPTIONS)
KIND_OF = {"tableau_pat.yml": "personal access token", "tableau_password.yml": "password",
           "tableau_connected_app.yml": "connected app"}


def load(path):
    with open(path) as handle:
        return yaml.safe_load(handle)


class Namespace(object):
    """AWX's ``tower`` namespace: tower.filename.<name> for each file injector."""

    def __init__(self, names):
        self.filename = type("Filenames", (), dict((name, "/runner/env/%s" % name) for name in names))()


def render_env(credential_type, inputs):
    """The environment AWX injects for a credential with these inputs: optional strings left out render as
    "", booleans left out are false (awx/main/models/credential.py, inject_credential)."""
    namespace = dict((key, value) for key, value in inputs.items() if value not in ("", None))
    for field in credential_type["inputs"]["fields"]:
        if field.get("type") == "boolean" and field["id"] not in inputs:
            namespace[field["id"]] = False
    files = [name.split(".", 1)[1] for name in credential_type["injectors"].get("file", {})]
    namespace["tower"] = Namespace(files)
    sandbox = ImmutableSandboxedEnvironment()
    return dict((name, sandbox.from_string(template).render(**namespace))
                for name, template in credential_type["injectors"]["env"].items())


def required_inputs(credential_type):
    return dict((field_id, "value-of-%s" % field_id) for field_id in credential_type["inputs"]["required"])


def test_the_three_credential_types_are_there():
    assert sorted(os.path.basename(path) for path in TYPES) == sorted(KIND_OF)


@pytest.mark.parametrize("path", TYPES, ids=os.path.basename)
def test_it_is_a_valid_custom_credential_type(path):
    credential_type = load(path)
    assert sorted(credential_type) == ["description", "injectors", "inputs", "kind", "name"]
    assert credential_type["kind"] == "cloud"
    fields = credential_type["inputs"]["fields"]
    ids = [field["id"] for field in fields]
    assert len(ids) == len(set(ids)), "field IDs must be unique"
    for field in fields:
        assert set(field) <= FIELD_KEYS, field
        assert FIELD_ID.match(field["id"]) and field["id"] != "tower"
        assert field.get("type", "string") in ("string", "boolean")
        if field.get("type") == "boolean":
            assert not set(field) & STRING_ONLY_KEYS, field
    assert set(credential_type["inputs"]["required"]) <= set(ids)
    assert set(credential_type["injectors"]) <= {"env", "file", "extra_vars"}


@pytest.mark.parametrize("path", TYPES, ids=os.path.basename)
def test_every_template_uses_only_its_fields(path):
    # As AWX checks injectors when the type is saved: every field set, undefined names refused.
    credential_type = load(path)
    namespace = dict((field["id"], "EXAMPLE") for field in credential_type["inputs"]["fields"])
    namespace["tower"] = Namespace([name.split(".", 1)[1] for name in credential_type["injectors"].get("file", {})])
    sandbox = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    for section in credential_type["injectors"].values():
        for template in section.values():
            sandbox.from_string(template).render(namespace)


@pytest.mark.parametrize("path", TYPES, ids=os.path.basename)
def test_every_injected_variable_is_one_the_collection_reads(path):
    injected = set(load(path)["injectors"]["env"])
    assert injected <= set(ENVIRONMENT.values()), injected - set(ENVIRONMENT.values())
    assert not [name for name in injected if name.startswith("ANSIBLE_")]


@pytest.mark.parametrize("path", TYPES, ids=os.path.basename)
def test_every_secret_input_is_marked_secret(path):
    credential_type = load(path)
    fields = dict((field["id"], field) for field in credential_type["inputs"]["fields"])
    injected_into = dict((name, re.findall(r"\b(%s)\b" % "|".join(fields), template))
                         for name, template in credential_type["injectors"]["env"].items())
    secret_inputs = set(field_id for name in SECRET_VARIABLES & set(injected_into) for field_id in injected_into[name])
    assert secret_inputs, "the type injects no secret"
    for field_id in secret_inputs:
        assert fields[field_id].get("secret") is True, "%s is injected as a secret but not marked secret" % field_id
        assert field_id in credential_type["inputs"]["required"]
    for field_id, field in fields.items():
        if re.search(r"(^|_)(password|secret)(_value)?$", field_id):
            assert field.get("secret") is True, field_id


@pytest.mark.parametrize("path", TYPES, ids=os.path.basename)
def test_a_credential_with_the_required_fields_hands_over_one_kind_with_certificates_checked(path):
    credential_type = load(path)
    environ = render_env(credential_type, required_inputs(credential_type))
    kind, values = resolve_credentials({}, environment_credentials(environ))
    assert kind == KIND_OF[os.path.basename(path)]
    assert all(value.startswith("value-of-") for value in values.values())
    assert from_environment("TABLEAU_VALIDATE_CERTS", environ) == "true"
    # The site and the CA bundle are left out: empty variables, which count as unset.
    assert environ["TABLEAU_SITE"] == "" and environ["TABLEAU_CA_PATH"] == ""


@pytest.mark.parametrize("path", TYPES, ids=os.path.basename)
def test_the_optional_fields_reach_their_variables(path):
    credential_type = load(path)
    inputs = dict(required_inputs(credential_type), site="finance", skip_certificate_check=True,
                  ca_certificate="-----BEGIN CERTIFICATE-----\n")
    environ = render_env(credential_type, inputs)
    assert environ["TABLEAU_SITE"] == "finance"
    assert environ["TABLEAU_VALIDATE_CERTS"] == "false"
    assert environ["TABLEAU_CA_PATH"] == "/runner/env/ca_bundle"
