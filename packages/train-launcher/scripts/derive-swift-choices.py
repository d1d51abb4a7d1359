#!/usr/bin/env python3
"""Derives src/swift-choices-table.ts: the values ms-swift accepts for each enumerated flag the
launcher emits, at every release tag from v3.10.0 on, with the file that declares each choice
and the first release that accepts it (and the first that rejects it again, if any).

Usage (from the package folder):
  python3 scripts/derive-swift-choices.py --ms-swift <git dir of modelscope/ms-swift> \
      --transformers <transformers-4.57.6 wheel> --transformers <transformers-5.17.0 wheel> \
      > src/swift-choices-table.ts

It reads every tag vMAJOR.MINOR.PATCH >= v3.10.0 with `git show TAG:FILE` and parses the argument
dataclasses with Python's own `ast`: `Literal[...]` annotations, the value list in the comment of
`attention_backend` / `attn_impl`, the set in `get_supported_tuners()`, the `deepspeed_mapping`
names, the assert in `_init_rope_scaling`, and the keys of `megatron_callbacks_map`. Hugging Face
scheduler and reporter names come from transformers' `SchedulerType` and `INTEGRATION_TO_CALLBACK`
in the given wheels (a name must be in all of them): ms-swift passes `lr_scheduler_type` and
`report_to` of `swift sft` through to transformers as plain strings.
"""
import argparse
import ast
import json
import re
import subprocess
import sys
import zipfile


def version_key(tag):
    return tuple(int(part) for part in tag.lstrip('v').split('.'))


class Repository:
    def __init__(self, git_dir):
        self.git = ['git', f'--git-dir={git_dir}']
        self._files = {}

    def tags(self):
        out = subprocess.run(self.git + ['tag'], capture_output=True, text=True, check=True).stdout.split()
        tags = [tag for tag in out if re.fullmatch(r'v\d+\.\d+\.\d+', tag) and version_key(tag) >= (3, 10, 0)]
        return sorted(tags, key=version_key)

    def files(self, tag):
        if tag not in self._files:
            out = subprocess.run(self.git + ['ls-tree', '-r', '--name-only', tag], capture_output=True, text=True, check=True).stdout
            self._files[tag] = out.split('\n')
        return self._files[tag]

    def find(self, tag, pattern):
        return [path for path in self.files(tag) if re.fullmatch(pattern, path)]

    def show(self, tag, path):
        return subprocess.run(self.git + ['show', f'{tag}:{path}'], capture_output=True, text=True, check=True).stdout


def literal_values(annotation):
    values = []

    def walk(node):
        if isinstance(node, ast.Subscript):
            items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            if ast.unparse(node.value).endswith('Literal'):
                values.extend(item.value for item in items if isinstance(item, ast.Constant) and item.value is not None)
            else:
                for item in items:
                    walk(item)

    walk(annotation)
    return values


def field_annotation(source, field, classes=None):
    """The (class, annotation node, line) of `field: ...` in a dataclass of `source`."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef) and (classes is None or node.name in classes):
            for statement in node.body:
                if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) and statement.target.id == field:
                    return node.name, statement.annotation, statement.lineno
    return None


def literal_rule(file_pattern, field, classes=None):
    def extract(repository, tag):
        for path in repository.find(tag, file_pattern):
            found = field_annotation(repository.show(tag, path), field, classes)
            if found and literal_values(found[1]):
                cls, annotation, _ = found
                return path, f'{cls}.{field}: {ast.unparse(annotation)}', literal_values(annotation)
        return None
    return extract


def comment_rule(file_pattern, field, classes=None):
    """A `str` field whose accepted values are listed in the comment on (or above) its line."""
    def extract(repository, tag):
        for path in repository.find(tag, file_pattern):
            source = repository.show(tag, path)
            found = field_annotation(source, field, classes)
            if not found:
                continue
            cls, annotation, line = found
            lines = source.split('\n')
            comment = lines[line - 1].partition('#')[2]
            if not comment.strip():
                # attn_impl: the list sits in the comment lines just above the field.
                above = []
                index = line - 2
                while index >= 0 and lines[index].strip().startswith('#'):
                    above.insert(0, lines[index].strip().lstrip('#'))
                    index -= 1
                comment = ' '.join(part for part in above if "'" in part)
            values = re.findall(r"'([\w-]+)'", comment) or [word for word in re.split(r'[,\s]+', comment.strip()) if word]
            if values:
                return path, f'{cls}.{field}: {ast.unparse(annotation)}  # {", ".join(values)}', values
        return None
    return extract


def tuners_rule(file_pattern, field):
    def extract(repository, tag):
        for path in repository.find(tag, file_pattern):
            source = repository.show(tag, path)
            found = field_annotation(source, field)
            if not found:
                continue
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.FunctionDef) and node.name == 'get_supported_tuners':
                    for inner in ast.walk(node):
                        if isinstance(inner, ast.Set):
                            values = sorted(item.value for item in inner.elts if isinstance(item, ast.Constant))
                            return path, f'{found[0]}.{field}: {ast.unparse(found[1])}, checked against get_supported_tuners()', values
        return None
    return extract


def deepspeed_rule(file_pattern):
    def extract(repository, tag):
        for path in repository.find(tag, file_pattern):
            source = repository.show(tag, path)
            match = re.search(r'deepspeed_mapping = \{.*?for name in \[([^\]]*)\]', source, re.S)
            if match:
                values = re.findall(r"'([\w-]+)'", match.group(1))
                return path, 'deepspeed_mapping (built-in DeepSpeed configs, else a path to a JSON file)', values
        return None
    return extract


def rope_rule(file_pattern):
    def extract(repository, tag):
        for path in repository.find(tag, file_pattern):
            match = re.search(r'assert rope_scaling in (\[[^\]]*\])', repository.show(tag, path))
            if match:
                return path, f'ModelArguments._init_rope_scaling: assert rope_scaling in {match.group(1)}', ast.literal_eval(match.group(1))
        return None
    return extract


def callbacks_rule(file_pattern):
    def extract(repository, tag):
        for path in repository.find(tag, file_pattern):
            for node in ast.walk(ast.parse(repository.show(tag, path))):
                if isinstance(node, ast.Assign) and any(isinstance(target, ast.Name) and target.id == 'megatron_callbacks_map' for target in node.targets):
                    keys = [key.value for key in node.value.keys if isinstance(key, ast.Constant)]
                    # print and default_flow are added by ms-swift itself; report_to names the reporters.
                    values = [key for key in keys if key not in ('print', 'default_flow')]
                    return path, 'MegatronArguments.report_to: List[str], each a key of megatron_callbacks_map', values
        return None
    return extract


def first(*rules):
    def extract(repository, tag):
        for rule in rules:
            result = rule(repository, tag)
            if result:
                return result
        return None
    return extract


MEGATRON_ARGS = r'swift/megatron/arguments?/megatron_args\.py'
TEMPLATE_ARGS = r'swift/(llm/argument|arguments)/base_args/template_args\.py'
MODEL_ARGS = r'swift/(llm/argument|arguments)/base_args/model_args\.py'
BASE_ARGS = r'swift/(llm/argument|arguments)/base_args/base_args\.py'
TRAIN_ARGS = r'swift/(llm/argument/train_args|arguments/sft_args)\.py'

RULES = [
    ('megatron', 'train_type', literal_rule(MEGATRON_ARGS, 'train_type', {'MegatronTunerMixin'})),
    ('megatron', 'tuner_type', literal_rule(MEGATRON_ARGS, 'tuner_type', {'MegatronTunerMixin'})),
    ('megatron', 'recompute_granularity', literal_rule(MEGATRON_ARGS, 'recompute_granularity')),
    ('megatron', 'recompute_method', literal_rule(MEGATRON_ARGS, 'recompute_method')),
    ('megatron', 'lr_decay_style', literal_rule(MEGATRON_ARGS, 'lr_decay_style')),
    ('megatron', 'attention_backend', comment_rule(MEGATRON_ARGS, 'attention_backend', {'MegatronArguments'})),
    ('megatron', 'distributed_backend', literal_rule(MEGATRON_ARGS, 'distributed_backend')),
    ('megatron', 'ddp_backend', literal_rule(MEGATRON_ARGS, 'ddp_backend')),
    ('megatron', 'report_to', first(literal_rule(MEGATRON_ARGS, 'report_to'), callbacks_rule(r'swift/megatron/callbacks/mapping\.py'))),
    ('megatron', 'truncation_strategy', literal_rule(TEMPLATE_ARGS, 'truncation_strategy', {'TemplateArguments'})),
    ('swift', 'train_type', tuners_rule(BASE_ARGS, 'train_type')),
    ('swift', 'tuner_type', tuners_rule(BASE_ARGS, 'tuner_type')),
    ('swift', 'truncation_strategy', literal_rule(TEMPLATE_ARGS, 'truncation_strategy', {'TemplateArguments'})),
    ('swift', 'torch_dtype', literal_rule(MODEL_ARGS, 'torch_dtype', {'ModelArguments'})),
    ('swift', 'attn_impl', comment_rule(MODEL_ARGS, 'attn_impl', {'ModelArguments'})),
    ('swift', 'rope_scaling', rope_rule(MODEL_ARGS)),
    ('swift', 'deepspeed', deepspeed_rule(TRAIN_ARGS)),
]


def transformers_names(wheels):
    """Names in every wheel: SchedulerType values and reporting integrations."""
    schedulers, reporters, versions = None, None, []
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            utils = archive.read('transformers/trainer_utils.py').decode()
            integrations = archive.read('transformers/integrations/integration_utils.py').decode()
            versions.append(re.search(r'transformers-([\d.]+)-', wheel).group(1))
        names = set()
        for node in ast.walk(ast.parse(utils)):
            if isinstance(node, ast.ClassDef) and node.name == 'SchedulerType':
                names = {statement.value.value for statement in node.body if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant)}
        callbacks = set()
        for node in ast.walk(ast.parse(integrations)):
            if isinstance(node, ast.Assign) and any(isinstance(target, ast.Name) and target.id == 'INTEGRATION_TO_CALLBACK' for target in node.targets):
                callbacks = {key.value for key in node.value.keys if isinstance(key, ast.Constant)}
        callbacks |= {'none', 'all'}  # get_reporting_integration_callbacks' special values
        schedulers = names if schedulers is None else schedulers & names
        reporters = callbacks if reporters is None else reporters & callbacks
    return sorted(schedulers), sorted(reporters), versions


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--ms-swift', required=True)
    parser.add_argument('--transformers', action='append', required=True)
    options = parser.parse_args()
    repository = Repository(options.ms_swift)
    tags = repository.tags()
    rows = {}
    for backend, flag, rule in RULES:
        for tag in tags:
            result = rule(repository, tag)
            present = set()
            if result:
                path, declaration, values = result
                for value in values:
                    present.add(value)
                    key = (backend, flag, value)
                    row = rows.get(key)
                    if row is None or row.get('removedIn'):
                        if row is None:
                            rows[key] = {'backend': backend, 'flag': flag, 'value': value, 'since': tag[1:], 'file': path, 'declaration': declaration}
                        # A value that came back after a removal keeps its first release; rare, flag it.
                        else:
                            print(f'warning: {flag}={value} returns in {tag}', file=sys.stderr)
                            del row['removedIn']
            for (row_backend, row_flag, value), row in rows.items():
                if row_backend == backend and row_flag == flag and value not in present and 'removedIn' not in row:
                    row['removedIn'] = tag[1:]
    schedulers, reporters, versions = transformers_names(options.transformers)
    swift_mixin = 'swift/trainers/arguments.py'
    source = f'transformers {" and ".join(versions)}: src/transformers/trainer_utils.py'
    for value in schedulers:
        rows[('swift', 'lr_scheduler_type', value)] = {
            'backend': 'swift', 'flag': 'lr_scheduler_type', 'value': value, 'since': tags[0][1:], 'file': swift_mixin,
            'declaration': f'TrainArgumentsMixin.lr_scheduler_type: str, passed to SchedulerType ({source})',
        }
    for value in reporters:
        rows[('swift', 'report_to', value)] = {
            'backend': 'swift', 'flag': 'report_to', 'value': value, 'since': tags[0][1:], 'file': swift_mixin,
            'declaration': f'TrainArgumentsMixin.report_to: List[str], each a key of INTEGRATION_TO_CALLBACK or none/all (transformers {" and ".join(versions)}: src/transformers/integrations/integration_utils.py)',
        }
    ordered = sorted(rows.values(), key=lambda row: (row['backend'], row['flag'], version_key(row['since']), row['value']))
    print('// Generated by scripts/derive-swift-choices.py: do not edit by hand; re-run it for a new ms-swift release.')
    print(f'// ms-swift tags read: {tags[0]} .. {tags[-1]} ({len(tags)} releases); transformers wheels: {", ".join(versions)}.')
    print("import type { SwiftChoiceEntry } from './swift-choices';")
    print()
    print('/** The ms-swift release tags (without `v`) the table was derived from, oldest first. */')
    print(f'export const SWIFT_CHOICE_RELEASES: readonly string[] = {json.dumps([tag[1:] for tag in tags])};')
    print()
    print('/** Every accepted value of every enumerated flag the launcher emits, per backend, with the release it appeared in. */')
    print('export const SWIFT_CHOICE_TABLE: readonly SwiftChoiceEntry[] = [')
    for row in ordered:
        print(f'  {json.dumps(row, ensure_ascii=False)},')
    print('];')


if __name__ == '__main__':
    main()
