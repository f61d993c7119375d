"""The XSD check itself: it runs when ../shared is there, and catches a response that does not validate."""

from conftest import validate_against_xsd


def test_a_valid_response_passes_and_an_invalid_one_is_caught(xsd):
    good = (b'<tsResponse xmlns="http://tableau.com/api"><pagination pageNumber="1" pageSize="100" '
            b'totalAvailable="0"/><projects/></tsResponse>')
    bad = b'<tsResponse xmlns="http://tableau.com/api"><projects/></tsResponse>'
    assert validate_against_xsd(xsd, good) is None
    assert validate_against_xsd(xsd, bad) is not None
