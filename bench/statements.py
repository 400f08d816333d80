"""The xAPI statements the benchmark sends, shaped like H5P.MultiChoice's (used by locust and the query counts)."""

ANSWERED = "http://adlnet.gov/expapi/verbs/answered"


def statement(iri: str, *, child: bool, raw: int = 1) -> dict:
    """A child "answered" per question, or the top-level one with the score out of 2."""
    document = {
        "actor": {"objectType": "Agent", "name": "ignored"},
        "verb": {"id": ANSWERED, "display": {"en-US": "answered"}},
        "object": {"id": iri + ("?subContentId=4b0c2cf5" if child else ""), "objectType": "Activity"},
        "result": {"score": {"raw": raw, "max": 2, "scaled": raw / 2}, "completion": True, "success": raw == 2},
    }
    if child:
        document["context"] = {"contextActivities": {"parent": [{"id": iri}]}}
    return document
