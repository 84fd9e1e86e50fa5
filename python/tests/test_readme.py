"""The README's Python: its install commands (the ones .ci/readme-install.sh runs in CI) and
its example, run as written."""

import ast
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import koen_align

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / ".ci" / "readme-install.sh"
README = REPO / "README.md"

needs_bash = pytest.mark.skipif(shutil.which("bash") is None or shutil.which("awk") is None,
                                reason="bash and awk run .ci/readme-install.sh")


def install_commands(root=REPO):
    run = subprocess.run(["bash", str(root / ".ci" / "readme-install.sh"), "--list"],
                         capture_output=True, text=True, timeout=60)
    return run.returncode, run.stdout.splitlines(), run.stderr


def fenced_lines(text):
    """Every line inside a ``` fence."""
    lines, inside = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            inside = not inside
        elif inside:
            lines.append(line)
    return lines


@needs_bash
def test_ci_runs_the_readme_install_commands():
    code, commands, stderr = install_commands()
    assert code == 0, stderr
    readme = README.read_text(encoding="utf-8")
    # The commands are the README's lines, word for word, and cover the CLI and the package.
    assert set(commands) <= set(fenced_lines(readme))
    bare = [re.sub(r"\s+#.*$", "", c).strip() for c in commands]
    assert "cargo install --path ." in bare and "pip install ./python" in bare
    # Every install command of the README is one of them.
    installs = [line for line in fenced_lines(readme)
                if re.match(r"\s*(pip3? install|python3? -m pip install|cargo install)\b", line)]
    assert installs and set(installs) <= set(commands)
    # The wheel's place, when built alone, is python/'s own target folder.
    assert "target/wheels/koen_align" not in readme.replace("python/target/wheels", "")
    # .ci/run runs them, and python/ci.sh installs the package the README's way.
    assert "bash .ci/readme-install.sh\n" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "\npip install ./python\n" in (REPO / "python" / "ci.sh").read_text(encoding="utf-8")


@needs_bash
def test_an_install_command_outside_a_marked_block_fails(tmp_path):
    (tmp_path / ".ci").mkdir()
    shutil.copy(SCRIPT, tmp_path / ".ci" / "readme-install.sh")
    marked = "<!-- ci: readme-install -->\n```sh\ncargo install --path .\npip install ./python\n```\n"
    (tmp_path / "README.md").write_text(marked, encoding="utf-8")
    assert install_commands(tmp_path)[:2] == (0, ["cargo install --path .", "pip install ./python"])
    (tmp_path / "README.md").write_text(marked + "\n```sh\npip install koen-align-extras\n```\n", encoding="utf-8")
    code, _, stderr = install_commands(tmp_path)
    assert code != 0 and "README.md:8: an install command outside a block marked" in stderr
    (tmp_path / "README.md").write_text("```sh\npip install ./python\n```\n", encoding="utf-8")
    code, _, stderr = install_commands(tmp_path)
    assert code != 0


def readme_example():
    """The README's `python -c "..."` line: its Python code."""
    code, commands, stderr = install_commands()
    assert code == 0, stderr
    examples = [c for c in commands if c.startswith("python -c ")]
    assert len(examples) == 1, commands
    return shlex.split(examples[0])[2]


@needs_bash
def test_the_readme_python_example_gives_one_good_pair():
    run = subprocess.run([sys.executable, "-c", readme_example()], capture_output=True, text=True, timeout=120,
                         cwd=REPO.parent)
    assert run.returncode == 0, run.stderr
    pairs = ast.literal_eval(run.stdout.strip())
    assert [p["kind"] for p in pairs] == ["1-1"], pairs
    assert pairs[0]["score"] >= 0.5
    assert pairs[0]["ko"] == "정부는 수출이 늘었다고 밝혔다." and pairs[0]["en"] == "The government said exports rose."


def test_a_one_sentence_article_pairs():
    pairs = koen_align.align("서울에 비가 많이 내렸다.", "Heavy rain fell in Seoul.")["pairs"]
    assert [(p["kind"], p["score"] >= 0.5) for p in pairs] == [("1-1", True)], pairs
