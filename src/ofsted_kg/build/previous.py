"""What the last build of a graph folder left, for the next build to compare with.

``graphs/.cache/manifest.json`` records the last build's inputs (each file's name, hash and
filesystem identity), code and outputs' hashes; ``documents.json`` indexes where each
subject's text sits in the graph files it wrote (:mod:`ofsted_kg.rdf.documents`) and
``documents.nt`` holds the lines they were rendered from, to find what changed (with
``documents-edits.json``, the lines edited since it was written), and ``sources.json``
what those lines came from, to edit them (:mod:`ofsted_kg.build.delta`). A build
with the same inputs and code, whose outputs are untouched, writes nothing; one with a
changed input reuses what it can of the files.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ofsted_kg.build.cache import code_fingerprint
from ofsted_kg.build.delta import LINES_LOG, SOURCES, LineLog, Sources
from ofsted_kg.model.namespaces import IRIs
from ofsted_kg.rdf.documents import Documents, Index
from ofsted_kg.source.files import InputFile, file_identity, file_sha256, sha256_of
from ofsted_kg.source.manifest import Origin

GRAPH_TURTLE = "ofsted.ttl"
GRAPH_JSONLD = "ofsted.jsonld"
MANIFEST = "manifest.json"
DOCUMENTS_INDEX = "documents.json"  # where each subject's text is in the graph files
DOCUMENTS_LINES = "documents.nt"  # the sorted N-Triples lines the graph files render


def read_manifest(cache_dir: Path) -> dict | None:
    """The last build's manifest, or None (no build yet, or an unreadable one)."""
    try:
        return json.loads((cache_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def manifest_of(
    files: list[InputFile],
    hashes: list[str],
    base: str | None,
    found: dict[str, Origin],
) -> dict:
    """What decides whether a build's outputs are still current: the code, the IRI base,
    the inputs' names and hashes and where ``ofsted-kg sync`` downloaded them from."""
    return {
        "code": code_fingerprint(),
        "base": IRIs(base).base,
        "inputs": [[f.name, sha] for f, sha in zip(files, hashes, strict=True)],
        "origins": [[n, o.url, o.label, o.published.isoformat()] for n, o in sorted(found.items())],
    }


def hash_inputs(
    files: list[InputFile], previous: dict | None
) -> tuple[list[str], dict[str, list[int]]]:
    """Every file's SHA-256 ('' for a file refused unread), and its identity
    (:func:`file_identity`): a file whose identity the last build recorded, with its hash,
    is not read again."""
    known, recorded = {}, {}
    if previous and isinstance(previous.get("identities"), dict):
        known = previous["identities"]
        recorded = previous_inputs(previous)
    hashes, identities = [], {}
    for file in files:
        try:
            identity = file_identity(os.stat(file.path))
        except OSError:
            hashes.append(file_sha256(file.path))
            continue
        sha = recorded.get(file.name)
        if not (isinstance(sha, str) and sha and known.get(file.name) == identity):
            sha = file_sha256(file.path)
        hashes.append(sha)
        if sha:
            identities[file.name] = identity
    return hashes, identities


def outputs_match(out_dir: Path, recorded: dict, identities: dict | None = None) -> bool:
    """Whether the graph files are those the last build wrote: each with the identity it
    recorded for it (:func:`file_identity`: an edit, even one that keeps the size and
    time, changes it) or else the same hash (hashed as written files: England's graph is
    some 30 MB, over a text report's size limit)."""
    identities = identities if isinstance(identities, dict) else {}
    return bool(recorded) and all(
        _same_identity(out_dir / name, identities.get(name))
        or ((out_dir / name).is_file() and sha256_of(out_dir / name) == sha)
        for name, sha in recorded.items()
    )


def _same_identity(path: Path, identity: object) -> bool:
    try:
        return identity is not None and file_identity(path.stat()) == identity
    except OSError:
        return False


def _untouched(path: Path, data: bytes, sha: object, identity: object) -> bool:
    """Whether ``data``, read from ``path``, is what the last build wrote there."""
    return _same_identity(path, identity) or hashlib.sha256(data).hexdigest() == sha


def up_to_date(previous: dict | None, manifest: dict, out_dir: Path, validate: bool) -> bool:
    """Whether the last build of ``out_dir`` had the same inputs and code, its outputs are
    untouched, and it validated them if validation is asked for now."""
    return bool(
        previous
        and {k: previous.get(k) for k in manifest} == manifest
        and (previous.get("validated") or not validate)
        and outputs_match(out_dir, previous.get("outputs", {}), previous.get("written"))
    )


def previous_documents(
    out_dir: Path, cache_dir: Path, previous: dict | None, log: LineLog | None
) -> Documents | None:
    """The graph files the last build wrote, with their index, if this code wrote them and
    they are untouched since, and the lines they were rendered from if it kept them: the
    base file's edited by its ``log`` (:func:`previous_log`)."""
    if not previous or previous.get("code") != code_fingerprint():
        return None
    recorded = previous.get("outputs", {})
    if set(recorded) != {GRAPH_TURTLE, GRAPH_JSONLD}:
        return None
    turtle = _kept_file(out_dir / GRAPH_TURTLE, previous, recorded[GRAPH_TURTLE])
    jsonld = _kept_file(out_dir / GRAPH_JSONLD, previous, recorded[GRAPH_JSONLD])
    data = _kept_file(cache_dir / DOCUMENTS_INDEX, previous, previous.get("documents_index"))
    if turtle is None or jsonld is None or data is None:
        return None
    try:
        index = Index.from_json(json.loads(data))
    except ValueError:
        return None
    if index is None:
        return None
    return Documents(turtle, jsonld, index, lines=_lines(cache_dir, previous, log))


def _lines(cache_dir: Path, previous: dict, log: LineLog | None) -> list[str] | None:
    """The lines the last build's graph files were rendered from, if it kept them intact
    (without them, each subject's lines are digested to find those that changed)."""
    path = cache_dir / DOCUMENTS_LINES
    data = _kept_file(path, previous, previous.get("documents_lines"))
    if data is None or log is None:
        return None
    try:
        return log.applied(data.decode("utf-8").split("\n")[:-1])
    except UnicodeDecodeError:
        return None


def previous_log(cache_dir: Path, previous: dict | None) -> LineLog | None:
    """The lines edited since the last build's ``documents.nt`` was written, if the log
    is the one it recorded (an empty log when it recorded none)."""
    if not previous:
        return None
    if not previous.get("documents_edits"):
        return LineLog([], [])
    data = _kept_file(cache_dir / LINES_LOG, previous, previous.get("documents_edits"))
    return LineLog.from_bytes(data) if data is not None else None


def previous_inputs(previous: dict | None) -> dict[str, str]:
    """The last build's input files: name to SHA-256."""
    pairs = (previous or {}).get("inputs", [])
    return {pair[0]: pair[1] for pair in pairs if isinstance(pair, list) and len(pair) == 2}


def last_sources(cache_dir: Path, previous: dict | None, base: str | None) -> Sources | None:
    """What the last build's lines came from, if this code wrote them for this IRI base,
    with its lines kept (``documents.nt``), and they are untouched since."""
    if not previous or previous.get("code") != code_fingerprint():
        return None
    if previous.get("base") != IRIs(base).base or not previous.get("documents_lines"):
        return None
    data = _kept_file(cache_dir / SOURCES, previous, previous.get("sources"))
    return Sources.from_bytes(data) if data is not None else None


def recorded_identity(previous: dict, name: str) -> list[int] | None:
    """The identity the last build recorded for a file it wrote (:func:`file_identity`)."""
    written = previous.get("written")
    return written.get(name) if isinstance(written, dict) else None


def _kept_file(path: Path, previous: dict, sha: object) -> bytes | None:
    """The bytes of a file the last build wrote (its hash ``sha``), if it is untouched
    since: the identity the build recorded for it, or else the same hash."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    identity = recorded_identity(previous, path.name)
    return data if _untouched(path, data, sha, identity) else None
