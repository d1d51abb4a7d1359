/** A pytest plugin the configuration needs, with the text that asked for it. */
export interface PytestPluginNeed {
  /** The PyPI distribution of the plugin, e.g. `pytest-cov`. */
  readonly distribution: string;
  /** What named it: an option (`--cov`), an ini key (`asyncio_mode`) or a `-p` name. */
  readonly evidence: string;
  /** Whether the pytest configuration (not a conftest.py) named it. */
  readonly fromConfiguration: boolean;
}

/** Command-line options of well-known plugins: option prefix → distribution. */
const OPTION_PLUGINS: readonly (readonly [RegExp, string])[] = [
  [/^--cov\b/, 'pytest-cov'],
  [/^--no-cov\b/, 'pytest-cov'],
  [/^(?:-n|--numprocesses|--dist|--maxprocesses)\b/, 'pytest-xdist'],
  [/^--timeout\b/, 'pytest-timeout'],
  [/^--benchmark-/, 'pytest-benchmark'],
  [/^--reruns\b/, 'pytest-rerunfailures'],
  [/^--mypy\b/, 'pytest-mypy'],
  [/^--flake8\b/, 'pytest-flake8'],
  [/^--randomly-/, 'pytest-randomly'],
  [/^--doctest-plus\b/, 'pytest-doctestplus'],
  [/^--mpl\b/, 'pytest-mpl'],
  [/^--remote-data\b/, 'pytest-remotedata'],
  [/^--hypothesis-/, 'hypothesis'],
  [/^--asyncio-mode\b/, 'pytest-asyncio'],
  [/^--ds\b/, 'pytest-django'],
  [/^--html\b/, 'pytest-html'],
  [/^--forked\b/, 'pytest-forked'],
];

/** Ini keys of well-known plugins → distribution. */
const KEY_PLUGINS: Readonly<Record<string, string>> = {
  asyncio_mode: 'pytest-asyncio',
  asyncio_default_fixture_loop_scope: 'pytest-asyncio',
  timeout: 'pytest-timeout',
  timeout_method: 'pytest-timeout',
  django_settings_module: 'pytest-django',
  mock_use_standalone_module: 'pytest-mock',
  env: 'pytest-env',
  trio_mode: 'pytest-trio',
  doctest_plus: 'pytest-doctestplus',
  mpl_baseline_path: 'pytest-mpl',
  qt_api: 'pytest-qt',
  flake8_max_line_length: 'pytest-flake8',
};

/** `-p name` plugin module names → distribution. */
const MODULE_PLUGINS: Readonly<Record<string, string>> = {
  pytest_cov: 'pytest-cov',
  xdist: 'pytest-xdist',
  pytest_asyncio: 'pytest-asyncio',
  pytest_mock: 'pytest-mock',
  pytest_timeout: 'pytest-timeout',
  anyio: 'anyio',
  trio: 'pytest-trio',
  pytest_trio: 'pytest-trio',
  pytest_django: 'pytest-django',
  pytest_httpserver: 'pytest-httpserver',
  pytest_localserver: 'pytest-localserver',
  pytest_benchmark: 'pytest-benchmark',
  pytest_randomly: 'pytest-randomly',
};

/** Markers of well-known plugins → distribution. */
const MARKER_PLUGINS: Readonly<Record<string, string>> = {
  asyncio: 'pytest-asyncio',
  trio: 'pytest-trio',
  anyio: 'anyio',
  timeout: 'pytest-timeout',
  benchmark: 'pytest-benchmark',
  django_db: 'pytest-django',
  flaky: 'flaky',
  httpserver: 'pytest-httpserver',
  mpl_image_compare: 'pytest-mpl',
  remote_data: 'pytest-remotedata',
  freeze_time: 'pytest-freezegun',
};

/** Fixtures of well-known plugins → distribution. */
const FIXTURE_PLUGINS: Readonly<Record<string, string>> = {
  mocker: 'pytest-mock',
  benchmark: 'pytest-benchmark',
  httpserver: 'pytest-httpserver',
  freezer: 'pytest-freezegun',
  event_loop: 'pytest-asyncio',
  qtbot: 'pytest-qt',
  aiohttp_client: 'pytest-aiohttp',
  requests_mock: 'requests-mock',
  httpx_mock: 'pytest-httpx',
  datadir: 'pytest-datadir',
  settings: 'pytest-django',
  client: 'pytest-django',
  snapshot: 'syrupy',
  time_machine: 'time-machine',
  caplog: '',
};

/** Modules whose import name differs from their distribution, for `No module named X`. */
const MODULE_DISTRIBUTIONS: Readonly<Record<string, string>> = {
  yaml: 'PyYAML',
  PIL: 'Pillow',
  bs4: 'beautifulsoup4',
  dateutil: 'python-dateutil',
  sklearn: 'scikit-learn',
  cv2: 'opencv-python',
  attr: 'attrs',
  jwt: 'PyJWT',
  magic: 'python-magic',
  serial: 'pyserial',
  usb: 'pyusb',
  Crypto: 'pycryptodome',
  OpenSSL: 'pyOpenSSL',
  socks: 'PySocks',
  dns: 'dnspython',
  git: 'GitPython',
  _pytest: 'pytest',
  pkg_resources: 'setuptools',
  google: 'protobuf',
  zmq: 'pyzmq',
  jose: 'python-jose',
  slugify: 'python-slugify',
  docx: 'python-docx',
  markdown: 'Markdown',
  odf: 'odfpy',
};

function addoptsWords(addopts: string): string[] {
  return addopts.split(/\s+/).filter(Boolean);
}

/**
 * The plugins a pytest configuration and its conftest files name: options in `addopts`
 * (`--cov`, `-n`, `--timeout`), `-p` plugins, plugin-specific ini keys, and
 * `pytest_plugins = [...]` in a conftest.py.
 */
export function pytestPluginsForConfiguration({
  addopts,
  keys,
  conftest,
}: {
  addopts: string;
  keys: ReadonlySet<string>;
  conftest: string;
}): PytestPluginNeed[] {
  const needs = new Map<string, PytestPluginNeed>();
  const add = (distribution: string, evidence: string, fromConfiguration: boolean) => {
    if (distribution && !needs.has(distribution)) needs.set(distribution, { distribution, evidence, fromConfiguration });
  };
  const words = addoptsWords(addopts);
  words.forEach((word, index) => {
    for (const [pattern, distribution] of OPTION_PLUGINS) if (pattern.test(word)) add(distribution, `addopts ${word}`, true);
    if (word === '-p' && words[index + 1]) {
      const name = words[index + 1]!;
      if (MODULE_PLUGINS[name]) add(MODULE_PLUGINS[name], `addopts -p ${name}`, true);
    }
  });
  for (const key of keys) if (KEY_PLUGINS[key]) add(KEY_PLUGINS[key], key, true);
  const declared = /pytest_plugins\s*=\s*[[(]?([^\])\n]*)/.exec(conftest)?.[1] ?? '';
  for (const literal of declared.matchAll(/(["'])([\w.]+)\1/g)) {
    const name = literal[2]!.split('.')[0]!;
    if (MODULE_PLUGINS[name]) add(MODULE_PLUGINS[name], `pytest_plugins ${literal[2]}`, false);
  }
  return [...needs.values()];
}

/** What a failed collection asks to install, and the line that said so. */
export interface CollectionErrorNeed {
  /** PyPI distributions to add. */
  readonly distributions: readonly string[];
  /** The output line that asked for them. */
  readonly reason: string;
}

/**
 * Recognises the typical errors of a pytest run whose environment lacks a plugin or a module
 * (an unrecognised option, an unknown marker, an async test without an async plugin, a
 * missing fixture, `No module named X`), and names the distributions that fix them.
 * Returns undefined when the output shows none of them.
 */
export function diagnoseCollectionErrors(output: string): CollectionErrorNeed | undefined {
  const distributions = new Set<string>();
  const reasons: string[] = [];
  const note = (distribution: string | undefined, line: string) => {
    if (!distribution) return;
    distributions.add(distribution);
    if (reasons.length < 3) reasons.push(line.trim().slice(0, 200));
  };
  for (const line of output.split('\n')) {
    const unrecognised = /error: unrecognized arguments: (.*)$/.exec(line);
    if (unrecognised) {
      for (const word of addoptsWords(unrecognised[1]!)) for (const [pattern, distribution] of OPTION_PLUGINS) if (pattern.test(word)) note(distribution, line);
      continue;
    }
    const unknownKey = /(?:Unknown config option|unknown config option): (\w+)/i.exec(line);
    if (unknownKey && KEY_PLUGINS[unknownKey[1]!]) note(KEY_PLUGINS[unknownKey[1]!], line);
    const marker = /'(\w+)' not found in `markers` configuration option/.exec(line) ?? /Unknown pytest\.mark\.(\w+)/.exec(line);
    if (marker && MARKER_PLUGINS[marker[1]!]) note(MARKER_PLUGINS[marker[1]!], line);
    if (/async def functions are not natively supported/.test(line)) note('pytest-asyncio', line);
    const fixture = /fixture '(\w+)' not found/.exec(line);
    if (fixture && FIXTURE_PLUGINS[fixture[1]!]) note(FIXTURE_PLUGINS[fixture[1]!], line);
    const module = /(?:ModuleNotFoundError|ImportError): No module named '([\w.]+)'/.exec(line);
    if (module) {
      const top = module[1]!.split('.')[0]!;
      note(MODULE_DISTRIBUTIONS[top] ?? MODULE_PLUGINS[top] ?? top.replace(/_/g, '-'), line);
    }
  }
  return distributions.size > 0 ? { distributions: [...distributions], reason: reasons.join(' | ') } : undefined;
}
