"""Validate a FHIR Bundle (JSON file) with the installed fhir.resources.

Run with the python of a venv holding fhir.resources 8.x (R5) or 6.4.0 +
pydantic<2 (R4); prints the FHIR version and the resource types, exits 1
with pydantic's message when the bundle is invalid.
"""
import sys

import fhir.resources
from pydantic import ValidationError
from fhir.resources.bundle import Bundle

path = sys.argv[1]
try:
    if hasattr(Bundle, "model_validate_json"):
        with open(path, encoding="utf-8") as f:
            bundle = Bundle.model_validate_json(f.read())
        types = [e.resource.get_resource_type() for e in bundle.entry]
    else:
        bundle = Bundle.parse_file(path)
        types = [e.resource.resource_type for e in bundle.entry]
except ValidationError as e:
    print(e)
    sys.exit(1)
print("valid", fhir.resources.__fhir_version__, " ".join(types))
