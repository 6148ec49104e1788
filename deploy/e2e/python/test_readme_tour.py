"""The README's tour, run literally: the bash block under "A short tour" must work as written."""
import os
import pathlib
import re
import subprocess

README = pathlib.Path(__file__).resolve().parents[3] / 'README.md'


def tour_script():
    text = README.read_text()
    section = text[text.index('## A short tour'):]
    return re.search(r'```bash\n(.*?)```', section, re.S).group(1)


def test_the_readme_tour_runs_as_written(env, tmp_path):
    photo = tmp_path / 'photo.jpg'
    photo.write_bytes(os.urandom(25_000))
    env_file = os.environ.get('EDGE_ENV_FILE', str(README.parent / 'deploy/local/.run/env'))
    script = tour_script().replace('source deploy/local/.run/env', f'source {env_file}')
    subprocess.run(['bash', '-euo', 'pipefail', '-c', script], cwd=tmp_path, check=True, timeout=60)
    assert (tmp_path / 'photo-copy.jpg').read_bytes() == photo.read_bytes()
