"""Sentence embeddings from WordLlama's small model, shipped inside its wheel.

WordLlama (``wordllama`` on PyPI, MIT) averages token embeddings taken from a large language
model: 32,000 tokens x 256 dimensions, 16 MB in the wheel, no GPU and no torch. Nothing is
downloaded: the weights and tokenizer are read from the installed package's own files.
(``WordLlama.load()`` is not used because it looks for the shipped tokenizer in a folder
that does not exist and then fetches it from Hugging Face; with downloads disabled it fails.)
The model is loaded once per process, on first use (about 0.15 s).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from ofsted_kg.errors import ModelError

if TYPE_CHECKING:
    import numpy as np

MODEL = "l2_supercat"  # WordLlama's default model
DIMENSIONS = 256
_WEIGHTS = f"weights/{MODEL}_{DIMENSIONS}.safetensors"
_TOKENIZER = f"tokenizers/{MODEL}_tokenizer_config.json"


@cache
def model():
    """WordLlama's inference object, built from the files in its wheel (cached)."""
    try:
        from importlib import resources

        from safetensors import safe_open
        from tokenizers import Tokenizer
        from wordllama.inference import WordLlamaInference
    except ImportError as exc:
        raise ModelError(
            f"the embedding model needs the 'wordllama' package ({exc.name} is missing); "
            "install ofsted-kg with its dependencies"
        ) from None
    package = resources.files("wordllama")
    weights, tokenizer = package.joinpath(_WEIGHTS), package.joinpath(_TOKENIZER)
    if not (weights.is_file() and tokenizer.is_file()):
        raise ModelError(f"wordllama's shipped model files are missing ({_WEIGHTS}, {_TOKENIZER})")
    with safe_open(str(weights), framework="np", device="cpu") as handle:
        table = handle.get_tensor("embedding.weight")
    return WordLlamaInference(table, Tokenizer.from_file(str(tokenizer)))


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length float32 embeddings of ``texts``, one row each (cosine = dot product)."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = model().embed(texts, norm=True)
    return np.ascontiguousarray(vectors, dtype=np.float32)


def model_version() -> str:
    """Which model embeds (for index and cache keys): the package version and model name."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"wordllama {version('wordllama')} {MODEL}-{DIMENSIONS}"
    except PackageNotFoundError:
        return f"wordllama ? {MODEL}-{DIMENSIONS}"
