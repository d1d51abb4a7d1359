import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A small Python package with cross-file dependencies and pytest tests, committed with real
 * git over several dated commits (so hotness differs between definitions):
 * `shop/money.py` (local logic), `shop/catalog.py` and `shop/cart.py` (using money and
 * catalog), `tests/test_cart.py`.
 */
export const pythonRepositoryFiles: Readonly<Record<string, string>> = {
  'shop/__init__.py': '"""A tiny shop."""\nfrom .cart import Cart\nfrom .catalog import Catalog, Product\n',
  'shop/money.py': `"""Amounts of money in cents."""


def parse_price(text):
    """Parse a price such as "12.50" or "3" into cents."""
    text = text.strip()
    if "." in text:
        units, cents = text.split(".", 1)
        cents = (cents + "00")[:2]
    else:
        units, cents = text, "00"
    return int(units) * 100 + int(cents)


def format_price(cents):
    """Format cents as a price with two decimals, e.g. 1250 -> "12.50"."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    units, rest = divmod(cents, 100)
    return f"{sign}{units}.{rest:02d}"


def apply_discount(cents, percent):
    if percent < 0 or percent > 100:
        raise ValueError("percent must be between 0 and 100")
    reduced = cents * (100 - percent)
    return (reduced + 50) // 100
`,
  'shop/catalog.py': `"""Products and the catalog that holds them."""
from .money import parse_price, format_price


class Product:
    """A product with a name and a price in cents."""

    def __init__(self, name, price):
        self.name = name
        self.price = price

    def label(self):
        """The product's name and formatted price, e.g. "Tea (3.20)"."""
        text = format_price(self.price)
        name = self.name.strip().title()
        return f"{name} ({text})"


class Catalog:
    """Products by name."""

    def __init__(self):
        self.products = {}

    def add(self, name, price_text):
        """Add a product from a price written as text; return it."""
        price = parse_price(price_text)
        product = Product(name, price)
        self.products[name] = product
        return product

    def find(self, name):
        """The product called name; raises KeyError naming it when there is none."""
        product = self.products.get(name)
        if product is None:
            raise KeyError(f"no product {name!r}")
        return product

    @staticmethod
    def sort_names(names):
        """Names sorted without case, shortest first on ties."""
        ordered = list(names)
        ordered.sort(key=lambda name: (name.lower(), len(name)))
        return ordered
`,
  'shop/cart.py': `"""A shopping cart."""
from .catalog import Catalog
from .money import apply_discount, format_price


class Cart:
    """Quantities of products of one catalog."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.quantities = {}

    def put(self, name, quantity=1):
        """Put quantity of the named product in the cart."""
        self.catalog.find(name)
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        self.quantities[name] = self.quantities.get(name, 0) + quantity

    def total(self, discount=0):
        """Total price in cents, after a discount in percent."""
        cents = 0
        for name, quantity in self.quantities.items():
            cents += self.catalog.find(name).price * quantity
        return apply_discount(cents, discount)

    def receipt(self):
        lines = []
        for name in Catalog.sort_names(self.quantities):
            product = self.catalog.find(name)
            lines.append(f"{self.quantities[name]} x {product.label()}")
        lines.append(f"total {format_price(self.total())}")
        return "\\n".join(lines)
`,
  'tests/test_cart.py': `import pytest

from shop.cart import Cart
from shop.catalog import Catalog


def make_cart():
    catalog = Catalog()
    catalog.add("tea", "3.20")
    catalog.add("Bread", "2")
    return Cart(catalog)


def test_total():
    cart = make_cart()
    cart.put("tea", 2)
    cart.put("Bread")
    assert cart.total() == 840
    assert cart.total(discount=50) == 420


def test_put_unknown():
    with pytest.raises(KeyError):
        make_cart().put("coffee")


def test_receipt():
    cart = make_cart()
    cart.put("tea")
    assert cart.receipt() == "1 x Tea (3.20)\\ntotal 3.20"
`,
  'tests/test_catalog.py': `from shop.catalog import Catalog


def test_find_and_label():
    catalog = Catalog()
    catalog.add("tea", "3.2")
    assert catalog.find("tea").label() == "Tea (3.20)"


def test_sort_names():
    assert Catalog.sort_names(["b", "A", "a"]) == ["A", "a", "b"]
`,
};

function git(directory: string, args: string[], date: string): void {
  execFileSync('git', args, {
    cwd: directory,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Ada',
      GIT_AUTHOR_EMAIL: 'ada@example.com',
      GIT_COMMITTER_NAME: 'Ada',
      GIT_COMMITTER_EMAIL: 'ada@example.com',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    },
    stdio: 'ignore',
  });
}

/** Writes files into a new git repository in a temporary folder, one commit per entry of `commits`. */
export async function createRepository(commits: readonly { readonly date: string; readonly files: Readonly<Record<string, string>> }[], prefix = 'swespot-fim-repo-'): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), prefix));
  execFileSync('git', ['init', '-q', '--initial-branch=main'], { cwd: directory });
  for (const commit of commits) {
    for (const [path, content] of Object.entries(commit.files)) {
      await mkdir(dirname(join(directory, path)), { recursive: true });
      await writeFile(join(directory, path), content);
    }
    git(directory, ['add', '-A'], commit.date);
    git(directory, ['commit', '-q', '-m', `change ${commit.date}`], commit.date);
  }
  return directory;
}

/**
 * The shop package in three commits (2022-01 to 2022-03; the cart changes twice more), so a
 * cutoff of 2022-06-01 sees all of it.
 */
export async function createPythonRepository(): Promise<string> {
  const files = pythonRepositoryFiles;
  const cartV1 = files['shop/cart.py']!.replace('        return apply_discount(cents, discount)', '        return cents');
  return createRepository([
    { date: '2022-01-10T10:00:00Z', files: { ...files, 'shop/cart.py': cartV1 } },
    { date: '2022-02-10T10:00:00Z', files: { 'shop/cart.py': files['shop/cart.py']!.replace('    def receipt(self):', '    def receipt(self):  # lines') } },
    { date: '2022-03-10T10:00:00Z', files: { 'shop/cart.py': files['shop/cart.py']! } },
  ]);
}
