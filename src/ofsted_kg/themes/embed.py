"""Sentence embeddings from WordLlama's small model, shipped inside its wheel.

WordLlama (``wordllama`` on PyPI, MIT) averages token embeddings taken from a large language
model: 32,000 tokens x 256 dimensions, 16 MB in the wheel, no GPU and no torch. Nothing is
downloaded: the weights and tokenizer are read from the installed package's own files.
(``WordLlama.load()`` is not used because it looks for the shipped tokenizer in a folder
that does not exist and then fetches it from Hugging Face; with downloads disabled it fails.)
The model is loaded once per process, on first use (about 0.15 s; see :class:`_Embedder`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ofsted_kg.errors import ModelError

if TYPE_CHECKING:
    import numpy as np
    from tokenizers import Tokenizer

MODEL = "l2_supercat"  # WordLlama's default model
DIMENSIONS = 256
_WEIGHTS = f"weights/{MODEL}_{DIMENSIONS}.safetensors"
_TOKENIZER = f"tokenizers/{MODEL}_tokenizer_config.json"


BATCH = 64  # texts per batch, as WordLlama's own ``embed`` (the same sums, bit for bit)


class _Embedder:
    """WordLlama's embedding, step for step (``WordLlamaInference.embed`` with ``norm``):
    the tokens' vectors averaged over the attention mask, then scaled to unit length.

    Its own class is not imported because importing any part of ``wordllama`` runs the
    package's ``__init__``, which imports requests and pydantic for its downloads: 0.33 s
    of the 0.5 s a process took to load the model (each build worker, each ``search``).
    A test holds the vectors equal to ``WordLlamaInference``'s."""

    def __init__(self, table: np.ndarray, tokenizer: Tokenizer) -> None:
        import numpy as np

        # Kept as stored (float16): a token's row is widened when it is used (exactly, as
        # widening the whole table would; 0.07 s and 16 MB less in every process).
        self.table = np.ascontiguousarray(table)
        tokenizer.enable_padding()
        tokenizer.no_truncation()
        self.tokenizer = tokenizer

    def embed(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        out = np.empty((len(texts), self.table.shape[1]), dtype=np.float32)
        for start in range(0, len(texts), BATCH):
            encoded = self.tokenizer.encode_batch(
                texts[start : start + BATCH], is_pretokenized=False, add_special_tokens=False
            )
            ids = np.array([one.ids for one in encoded], dtype=np.int32)
            mask = np.array([one.attention_mask for one in encoded], dtype=np.float32)
            np.clip(ids, 0, self.table.shape[0] - 1, out=ids)
            tokens = self.table[ids].astype(np.float32)
            counts = np.maximum(mask.sum(axis=1, keepdims=True), 1.0).astype(np.float32)
            pooled = np.sum(tokens * mask[..., np.newaxis], axis=1, dtype=np.float32) / counts
            pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
            out[start : start + pooled.shape[0]] = pooled
        return out


def _missing(name: str) -> ModelError:
    return ModelError(
        f"the embedding model needs the 'wordllama' package ({name} is missing); "
        "install ofsted-kg with its dependencies"
    )


@cache
def model() -> _Embedder:
    """The embedder, built from the files in WordLlama's wheel (cached)."""
    from importlib.util import find_spec

    try:
        from safetensors import safe_open
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise _missing(exc.name or "a dependency") from None
    spec = find_spec("wordllama")  # its folder, without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise _missing("wordllama")
    folder = Path(next(iter(spec.submodule_search_locations)))
    weights, tokenizer = folder / _WEIGHTS, folder / _TOKENIZER
    if not (weights.is_file() and tokenizer.is_file()):
        raise ModelError(f"wordllama's shipped model files are missing ({_WEIGHTS}, {_TOKENIZER})")
    with safe_open(str(weights), framework="np", device="cpu") as handle:
        table = handle.get_tensor("embedding.weight")
    return _Embedder(table, Tokenizer.from_file(str(tokenizer)))


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length float32 embeddings of ``texts``, one row each (cosine = dot product)."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return model().embed(texts)


def model_version() -> str:
    """Which model embeds (for index and cache keys): the package version and model name."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"wordllama {version('wordllama')} {MODEL}-{DIMENSIONS}"
    except PackageNotFoundError:
        return f"wordllama ? {MODEL}-{DIMENSIONS}"
