"""A secret never reaches a message or a result, in any of the forms a server may hand it back in."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
from urllib.parse import quote, quote_plus

from ansible_collections.tableau.server.plugins.module_utils.errors import SCRUBBED, scrub

SECRET = "p&ss<w>rd \"quoted\" 'single' +/="


def test_every_form_of_a_secret_is_scrubbed_from_text():
    forms = [SECRET, 'p&amp;ss&lt;w&gt;rd &quot;quoted&quot; &apos;single&apos; +/=',
             "p&amp;ss&lt;w&gt;rd &#34;quoted&#34; &#39;single&#39; +/=", quote(SECRET, safe=""), quote_plus(SECRET),
             'p&ss<w>rd \\"quoted\\" \'single\' +/=', base64.b64encode(SECRET.encode()).decode()]
    for form in forms:
        assert scrub("detail: <credentials password=\"%s\"/> end" % form, [SECRET]) == \
            "detail: <credentials password=\"%s\"/> end" % SCRUBBED, form


def test_results_are_scrubbed_through_dicts_and_lists_and_other_values_kept():
    result = {"msg": "x %s y" % quote(SECRET, safe=""), "items": [{"body": SECRET}, 3, None, True], "n": 1}
    assert scrub(result, [SECRET, None, ""]) == {"msg": "x %s y" % SCRUBBED, "items": [{"body": SCRUBBED}, 3, None, True],
                                                 "n": 1}


def test_no_secrets_leaves_everything_as_it_was():
    assert scrub({"a": "b"}, []) == {"a": "b"}


def test_an_echoed_body_url_encoded_after_xml_escaping_is_scrubbed():
    # A gateway form-encodes the request body it quotes: the secret is XML-escaped, then URL-encoded.
    body = '<credentials password="%s"/>' % 'p&amp;ss&lt;w&gt;rd &quot;quoted&quot; \'single\' +/='
    assert scrub("as sent: %s" % quote_plus(body), [SECRET]).count(SCRUBBED) == 1
    assert "ss%26lt" not in scrub("as sent: %s" % quote_plus(body), [SECRET])


def test_a_secret_inside_a_base64_copy_of_a_longer_text_is_scrubbed():
    body = '<tsRequest><credentials password="p&amp;ss&lt;w&gt;rd"/></tsRequest>'
    echoed = base64.b64encode(body.encode()).decode()
    assert scrub("base64: %s." % echoed, ["p&ss<w>rd"]) == "base64: %s." % SCRUBBED
    other = base64.b64encode(b"<tsRequest><credentials password='elsewise'/></tsRequest>").decode()
    luid = "79245651-8e29-4940-8b91-b65eca69d906"
    assert scrub("%s %s" % (other, luid), ["p&ss<w>rd"]) == "%s %s" % (other, luid)
