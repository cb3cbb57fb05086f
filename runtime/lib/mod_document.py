"""The ``document/`` namespace: text with a metadata map, for retrieval pipelines.

A document is the map ``{:text "..." :metadata {...}}``.
"""

from __future__ import annotations

from ..errors import EvalError, SemaTypeError, type_name
from ..values import Keyword, Map
from .mod_common import check_map, check_string, register
from .mod_text import chunk as chunk_text

TEXT = Keyword("text")
METADATA = Keyword("metadata")


def _check_document(function: str, document) -> dict:
    if not isinstance(document, dict):
        raise SemaTypeError(
            "map",
            document,
            message=f"{function}: expected map (document), got {type_name(document)}",
        )
    return document


@register("document/create")
def create(text, metadata):
    check_string("document/create", text)
    check_map("document/create", metadata)
    return Map({TEXT: text, METADATA: Map(metadata)})


@register("document/text")
def text(document):
    _check_document("document/text", document)
    if TEXT not in document:
        raise EvalError("not a document: missing :text")
    return document[TEXT]


@register("document/metadata")
def metadata(document):
    _check_document("document/metadata", document)
    if METADATA not in document:
        raise EvalError("not a document: missing :metadata")
    return document[METADATA]


@register("document/chunk")
def chunk(document, options=None):
    """Split a document with ``text/chunk``; each chunk's metadata gains ``:chunk-index`` and ``:total-chunks``."""
    _check_document("document/chunk", document)
    pieces = chunk_text(text(document), options)
    base = document.get(METADATA) or Map()
    result = []
    for index, piece in enumerate(pieces):
        piece_metadata = Map(base)
        piece_metadata[Keyword("chunk-index")] = index
        piece_metadata[Keyword("total-chunks")] = len(pieces)
        result.append(Map({TEXT: piece, METADATA: piece_metadata}))
    return result
