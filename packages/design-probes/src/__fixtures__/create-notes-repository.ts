import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const files: Readonly<Record<string, string>> = {
  'notes/__init__.py': 'from .store import NoteStore\n',
  'notes/model.py': `"""The note model."""


class Note:
    """A titled note with tags."""

    def __init__(self, title, body, tags=()):
        self.title = title
        self.body = body
        self.tags = set(tags)

    def matches(self, word):
        word = word.lower()
        if word in self.title.lower():
            return True
        if word in self.body.lower():
            return True
        return word in self.tags

    def summary(self, width=20):
        text = self.body.replace("\\n", " ")
        if len(text) > width:
            text = text[: width - 3] + "..."
        return f"{self.title}: {text}"
`,
  'notes/store.py': `"""Keeps notes and searches them."""
from .model import Note


class NoteStore:
    """Notes by title."""

    def __init__(self):
        self.notes = {}

    def add(self, title, body, tags=()):
        note = Note(title, body, tags)
        self.notes[title] = note
        return note

    def search(self, word):
        found = []
        for note in self.notes.values():
            if note.matches(word):
                found.append(note)
        found.sort(key=lambda note: note.title)
        return found

    def report(self):
        lines = []
        for note in self.search(""):
            lines.append(note.summary())
        lines.append(f"{len(lines)} notes")
        return "\\n".join(lines)
`,
  'notes/cli.py': `"""Command line entry point."""
import sys

from .store import NoteStore


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    store = NoteStore()
    for pair in argv:
        title, _, body = pair.partition("=")
        store.add(title, body)
    print(store.report())
    return 0
`,
  'setup.cfg': '[metadata]\nname = notes\n',
  'tests/test_store.py': 'from notes.store import NoteStore\n\n\ndef test_search():\n    store = NoteStore()\n    store.add("a", "hello")\n    assert store.search("hell")[0].title == "a"\n',
};

/** A small Python package (notes: a model, a store using it, a CLI using the store) in a git repository; the store changes in three commits. */
export async function createNotesRepository(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'swespot-design-repo-'));
  execFileSync('git', ['init', '-q', '--initial-branch=main'], { cwd: directory });
  const versions = [files, { 'notes/store.py': files['notes/store.py']!.replace('found.sort', '# sorted by title\n        found.sort') }, { 'notes/store.py': files['notes/store.py']! }];
  for (const [number, version] of versions.entries()) {
    for (const [path, content] of Object.entries(version)) {
      await mkdir(dirname(join(directory, path)), { recursive: true });
      await writeFile(join(directory, path), content);
    }
    const date = `2022-0${number + 1}-15T12:00:00Z`;
    const env = { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    execFileSync('git', ['add', '-A'], { cwd: directory, env });
    execFileSync('git', ['commit', '-q', '-m', `version ${number + 1}`], { cwd: directory, env });
  }
  return directory;
}
