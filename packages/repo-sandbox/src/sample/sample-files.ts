/**
 * The files of the sample repository (tinyshop, a small Python shop library) as a function
 * of which changes are merged. Each change is a flag; a commit adds flags and every file is
 * rendered again from the set, so a commit's diff is exactly the blocks its flags switch.
 * Blocks a later change touches are kept apart by at least three unchanged lines, so the
 * fix of a bug merged before the cutoff still reverse-applies at the cutoff.
 */

/** The flags a commit of the sample history switches on. */
export type SampleFlag =
  | 'catalog'
  | 'cart'
  | 'test-negative'
  | 'fix-negative'
  | 'discounts'
  | 'test-remove'
  | 'fix-remove'
  | 'version-0.2'
  | 'receipt'
  | 'test-search'
  | 'fix-search'
  | 'test-threshold'
  | 'fix-threshold'
  | 'version-0.3'
  | 'convert'
  | 'test-receipt-width'
  | 'fix-receipt-width'
  | 'test-convert-rounding'
  | 'fix-convert-rounding'
  | 'version-0.4';

type Flags = ReadonlySet<SampleFlag>;

const lines = (...parts: Array<string | false>): string => parts.filter((part): part is string => part !== false).join('\n') + '\n';

function version(flags: Flags): string {
  if (flags.has('version-0.4')) return '0.4.0';
  if (flags.has('version-0.3')) return '0.3.0';
  if (flags.has('version-0.2')) return '0.2.0';
  return '0.1.0';
}

function pyproject(flags: Flags): string {
  return lines(
    '[build-system]',
    'requires = ["setuptools>=61"]',
    'build-backend = "setuptools.build_meta"',
    '',
    '[project]',
    'name = "tinyshop"',
    `version = "${version(flags)}"`,
    'description = "Money, a product catalog, carts with discounts and plain-text receipts."',
    'readme = "README.md"',
    'requires-python = ">=3.8"',
    'license = { text = "MIT" }',
    '',
    '[tool.setuptools]',
    'packages = ["tinyshop"]',
    '',
    '[tool.pytest.ini_options]',
    'testpaths = ["tests"]',
  );
}

function readme(flags: Flags): string {
  return lines(
    '# tinyshop',
    '',
    'Small building blocks for a shop, with no dependencies:',
    '',
    '- `Money`: amounts held as whole cents, `parse_money` and `format_money`.',
    flags.has('convert') && '- `convert`: an amount in another currency at a given rate.',
    flags.has('catalog') && '- `Catalog`: products by SKU, searched by the words in their names.',
    flags.has('cart') && '- `Cart`: quantities of catalog products and their total.',
    flags.has('discounts') && '- `percent_off` and `BulkDiscount`: discounts a cart applies per line.',
    flags.has('receipt') && '- `render_receipt`: a fixed-width plain-text receipt of a cart.',
    '',
    'Run the tests with `python -m pytest`.',
  );
}

function init(flags: Flags): string {
  return lines(
    '"""tinyshop: money, a product catalog, carts with discounts and receipts."""',
    '',
    flags.has('convert') ? 'from .money import Money, convert, format_money, parse_money' : 'from .money import Money, format_money, parse_money',
    flags.has('catalog') && 'from .catalog import Catalog, Product',
    flags.has('cart') && 'from .cart import Cart',
    flags.has('discounts') && 'from .discounts import BulkDiscount, percent_off',
    flags.has('receipt') && 'from .receipt import render_receipt',
    '',
    `__version__ = "${version(flags)}"`,
  );
}

function moneyModule(flags: Flags): string {
  const parse = flags.has('fix-negative')
    ? [
        '    text = text.strip()',
        '    negative = text.startswith("-")',
        '    whole, _, fraction = text.lstrip("-").partition(".")',
        '    if len(fraction) > 2:',
        '        raise ValueError(f"more than two decimals in {text!r}")',
        '    cents = int(whole or "0") * 100 + int(fraction.ljust(2, "0"))',
        '    return Money(-cents if negative else cents, currency)',
      ]
    : [
        '    text = text.strip()',
        '    whole, _, fraction = text.partition(".")',
        '    if len(fraction) > 2:',
        '        raise ValueError(f"more than two decimals in {text!r}")',
        '    cents = int(whole or "0") * 100 + int(fraction.ljust(2, "0"))',
        '    return Money(cents, currency)',
      ];
  return lines(
    '"""Amounts of money held as whole cents, so that sums never drift."""',
    '',
    'from dataclasses import dataclass',
    '',
    '',
    '@dataclass(frozen=True)',
    'class Money:',
    '    """An amount in cents and the code of its currency."""',
    '',
    '    cents: int',
    '    currency: str = "EUR"',
    '',
    '    def __add__(self, other):',
    '        self._check_currency(other)',
    '        return Money(self.cents + other.cents, self.currency)',
    '',
    '    def __sub__(self, other):',
    '        self._check_currency(other)',
    '        return Money(self.cents - other.cents, self.currency)',
    '',
    '    def times(self, quantity):',
    '        """This amount multiplied by a whole quantity."""',
    '        return Money(self.cents * quantity, self.currency)',
    '',
    '    def _check_currency(self, other):',
    '        if other.currency != self.currency:',
    '            raise ValueError(f"cannot mix {self.currency} and {other.currency}")',
    '',
    '',
    'def parse_money(text, currency="EUR"):',
    '    """Reads text such as "12.34", "7" or "-0.50" as Money; at most two decimals."""',
    ...parse,
    '',
    '',
    'def format_money(money):',
    '    """The amount with a thousands separator, two decimals and the currency: "1,234.50 EUR"."""',
    '    sign = "-" if money.cents < 0 else ""',
    '    whole, cents = divmod(abs(money.cents), 100)',
    '    return f"{sign}{whole:,}.{cents:02d} {money.currency}"',
    ...(flags.has('convert')
      ? [
          '',
          '',
          'def convert(money, rate, currency):',
          '    """The amount in another currency, at rate units of currency per unit of money\'s."""',
          '    if rate <= 0:',
          '        raise ValueError(f"rate must be positive, not {rate}")',
          flags.has('fix-convert-rounding') ? '    return Money(round(money.cents * rate), currency)' : '    return Money(int(money.cents * rate), currency)',
        ]
      : []),
  );
}

function catalogModule(flags: Flags): string {
  return lines(
    '"""The products a shop sells, found by SKU or by the words in their names."""',
    '',
    'from dataclasses import dataclass',
    '',
    'from .money import Money, parse_money',
    '',
    '',
    '@dataclass(frozen=True)',
    'class Product:',
    '    """One product: its stock-keeping unit, its name and its unit price."""',
    '',
    '    sku: str',
    '    name: str',
    '    price: Money',
    '',
    '',
    'class Catalog:',
    '    """Products by SKU; each SKU is added once."""',
    '',
    '    def __init__(self):',
    '        self._products = {}',
    '',
    '    def __len__(self):',
    '        return len(self._products)',
    '',
    '    def __contains__(self, sku):',
    '        return sku in self._products',
    '',
    '    def add(self, sku, name, price):',
    '        """Adds a product; price is Money or text such as "4.20"."""',
    '        if sku in self._products:',
    '            raise KeyError(f"duplicate SKU {sku!r}")',
    '        if isinstance(price, str):',
    '            price = parse_money(price)',
    '        product = Product(sku, name, price)',
    '        self._products[sku] = product',
    '        return product',
    '',
    '    def get(self, sku):',
    '        """The product with this SKU; KeyError names an unknown SKU."""',
    '        try:',
    '            return self._products[sku]',
    '        except KeyError:',
    '            raise KeyError(f"unknown SKU {sku!r}") from None',
    '',
    '    def search(self, words):',
    '        """Products whose name holds every word, in SKU order."""',
    flags.has('fix-search') ? '        wanted = [word.lower() for word in words.split()]' : '        wanted = words.split()',
    '        found = []',
    '        for sku in sorted(self._products):',
    '            product = self._products[sku]',
    flags.has('fix-search') ? '            name = product.name.lower()' : '            name = product.name',
    '            if all(word in name for word in wanted):',
    '                found.append(product)',
    '        return found',
  );
}

function cartModule(flags: Flags): string {
  const discounts = flags.has('discounts');
  return lines(
    '"""A shopping cart: quantities of catalog products and what they cost."""',
    '',
    'from .money import Money',
    '',
    '',
    'class Cart:',
    '    """Quantities by SKU of the products of one catalog."""',
    '',
    '    def __init__(self, catalog, currency="EUR"):',
    '        self.catalog = catalog',
    '        self.currency = currency',
    '        self._quantities = {}',
    discounts && '        self._discounts = {}',
    '',
    '    def __len__(self):',
    '        """The number of units in the cart."""',
    '        return sum(self._quantities.values())',
    '',
    '    def add(self, sku, quantity=1):',
    '        """Puts quantity units of sku in the cart; unknown SKUs fail here."""',
    '        if quantity < 1:',
    '            raise ValueError(f"quantity must be at least 1, not {quantity}")',
    '        self.catalog.get(sku)',
    '        self._quantities[sku] = self._quantities.get(sku, 0) + quantity',
    '',
    '    def remove(self, sku, quantity=1):',
    '        """Takes quantity units of sku out; the line goes when none are left."""',
    '        held = self._quantities.get(sku, 0)',
    '        if held == 0:',
    '            raise KeyError(f"{sku!r} is not in the cart")',
    ...(flags.has('fix-remove')
      ? ['        if quantity >= held:', '            del self._quantities[sku]', '        else:', '            self._quantities[sku] = held - quantity']
      : ['        del self._quantities[sku]']),
    '',
    ...(discounts
      ? [
          '    def set_discount(self, sku, rule):',
          '        """Applies rule (e.g. a BulkDiscount) to the line of sku."""',
          '        self.catalog.get(sku)',
          '        self._discounts[sku] = rule',
          '',
        ]
      : []),
    '    def lines(self):',
    '        """(product, quantity, line total) for each SKU, in SKU order."""',
    '        result = []',
    '        for sku in sorted(self._quantities):',
    '            product = self.catalog.get(sku)',
    '            quantity = self._quantities[sku]',
    '            result.append((product, quantity, self._line_total(product, quantity)))',
    '        return result',
    '',
    '    def total(self):',
    '        """The sum of the line totals."""',
    '        total = Money(0, self.currency)',
    '        for _, _, line_total in self.lines():',
    '            total = total + line_total',
    '        return total',
    '',
    '    def _line_total(self, product, quantity):',
    ...(discounts
      ? [
          '        rule = self._discounts.get(product.sku)',
          '        if rule is not None:',
          '            return rule.line_total(product.price, quantity)',
        ]
      : []),
    '        return product.price.times(quantity)',
  );
}

function discountsModule(flags: Flags): string {
  return lines(
    '"""Discount rules a cart applies to a line."""',
    '',
    'from .money import Money',
    '',
    '',
    'def percent_off(amount, percent):',
    '    """amount less percent (0 to 100) of it, the cut rounded up to the cent."""',
    '    if not 0 <= percent <= 100:',
    '        raise ValueError(f"percent must be between 0 and 100, not {percent}")',
    '    cut = (amount.cents * percent + 99) // 100',
    '    return Money(amount.cents - cut, amount.currency)',
    '',
    '',
    'class BulkDiscount:',
    '    """percent off a whole line once its quantity reaches threshold."""',
    '',
    '    def __init__(self, threshold, percent):',
    '        if threshold < 1:',
    '            raise ValueError(f"threshold must be at least 1, not {threshold}")',
    '        self.threshold = threshold',
    '        self.percent = percent',
    '',
    '    def applies_to(self, quantity):',
    '        """Whether a line of quantity units gets the discount."""',
    flags.has('fix-threshold') ? '        return quantity >= self.threshold' : '        return quantity > self.threshold',
    '',
    '    def line_total(self, unit_price, quantity):',
    '        """The cost of quantity units at unit_price, discounted when it applies."""',
    '        total = unit_price.times(quantity)',
    '        if self.applies_to(quantity):',
    '            return percent_off(total, self.percent)',
    '        return total',
  );
}

function receiptModule(flags: Flags): string {
  return lines(
    '"""Plain-text receipts of a cart, WIDTH characters wide."""',
    '',
    'from .money import format_money',
    '',
    'WIDTH = 32',
    '',
    '',
    'def render_receipt(cart, title="Receipt"):',
    '    """The receipt: a title, one row per line of the cart, and the total."""',
    '    rows = [title.center(WIDTH).rstrip(), "-" * WIDTH]',
    '    for product, quantity, line_total in cart.lines():',
    '        rows.append(_row(f"{quantity} x {product.name}", format_money(line_total)))',
    '    rows.append("-" * WIDTH)',
    '    rows.append(_row("Total", format_money(cart.total())))',
    '    return "\\n".join(rows) + "\\n"',
    '',
    '',
    'def _row(label, amount):',
    '    """label on the left, amount on the right; a label too long is cut with "~"."""',
    ...(flags.has('fix-receipt-width')
      ? ['    room = WIDTH - len(amount) - 1', '    if len(label) > room:', '        label = label[: room - 1] + "~"', '    return label.ljust(room) + " " + amount']
      : ['    if len(label) > WIDTH - 13:', '        label = label[: WIDTH - 14] + "~"', '    return label.ljust(WIDTH - 12) + amount.rjust(12)']),
  );
}

function conftest(flags: Flags): string {
  return lines(
    'import pytest',
    '',
    'from tinyshop import Catalog',
    '',
    '',
    '@pytest.fixture',
    'def catalog():',
    '    """Three products, one of them with a long name."""',
    '    shop = Catalog()',
    '    shop.add("A-100", "Green Tea", "4.20")',
    '    shop.add("B-200", "Blue Mug", "12.00")',
    '    shop.add("C-300", "Large Walnut Cutting Board", "1499.99")',
    '    return shop',
    ...(flags.has('cart')
      ? ['', '', '@pytest.fixture', 'def cart(catalog):', '    from tinyshop import Cart', '', '    return Cart(catalog)']
      : []),
  );
}

function moneyTests(flags: Flags): string {
  return lines(
    'import pytest',
    '',
    flags.has('convert') ? 'from tinyshop import Money, convert, format_money, parse_money' : 'from tinyshop import Money, format_money, parse_money',
    '',
    '',
    'def test_parse_money():',
    '    assert parse_money("12.34") == Money(1234)',
    '    assert parse_money("7") == Money(700)',
    '    assert parse_money("0.5", "USD") == Money(50, "USD")',
    '',
    '',
    'def test_parse_money_refuses_three_decimals():',
    '    with pytest.raises(ValueError):',
    '        parse_money("1.234")',
    '',
    '',
    'def test_format_money():',
    '    assert format_money(Money(123450)) == "1,234.50 EUR"',
    '    assert format_money(Money(-5)) == "-0.05 EUR"',
    '',
    '',
    'def test_add_and_subtract():',
    '    assert Money(150) + Money(250) == Money(400)',
    '    assert Money(150) - Money(250) == Money(-100)',
    '',
    '',
    'def test_mixing_currencies_fails():',
    '    with pytest.raises(ValueError, match="cannot mix EUR and USD"):',
    '        Money(1) + Money(1, "USD")',
    ...(flags.has('test-negative')
      ? ['', '', 'def test_parse_negative_amounts():', '    assert parse_money("-1.05") == Money(-105)', '    assert parse_money("-0.50") == Money(-50)']
      : []),
    ...(flags.has('convert') ? ['', '', 'def test_convert():', '    assert convert(Money(1000), 1.5, "USD") == Money(1500, "USD")', '    with pytest.raises(ValueError):', '        convert(Money(1000), 0, "USD")'] : []),
    ...(flags.has('test-convert-rounding') ? ['', '', 'def test_convert_rounds_to_the_nearest_cent():', '    assert convert(Money(999), 1.1, "USD") == Money(1099, "USD")'] : []),
  );
}

function catalogTests(flags: Flags): string {
  return lines(
    'import pytest',
    '',
    'from tinyshop import Money',
    '',
    '',
    'def test_add_and_get(catalog):',
    '    assert len(catalog) == 3',
    '    assert catalog.get("A-100").price == Money(420)',
    '    assert "B-200" in catalog',
    '',
    '',
    'def test_duplicate_sku(catalog):',
    '    with pytest.raises(KeyError, match="duplicate"):',
    '        catalog.add("A-100", "Black Tea", "3.90")',
    '',
    '',
    'def test_unknown_sku(catalog):',
    '    with pytest.raises(KeyError, match="unknown SKU"):',
    '        catalog.get("Z-999")',
    '',
    '',
    'def test_search(catalog):',
    '    assert [product.sku for product in catalog.search("Mug")] == ["B-200"]',
    '    assert [product.sku for product in catalog.search("")] == ["A-100", "B-200", "C-300"]',
    ...(flags.has('test-search')
      ? ['', '', 'def test_search_ignores_case(catalog):', '    assert [product.sku for product in catalog.search("green tea")] == ["A-100"]', '    assert [product.sku for product in catalog.search("WALNUT board")] == ["C-300"]']
      : []),
  );
}

function cartTests(flags: Flags): string {
  return lines(
    'import pytest',
    '',
    'from tinyshop import Money',
    '',
    '',
    'def test_total(cart):',
    '    cart.add("A-100", 2)',
    '    cart.add("B-200")',
    '    assert len(cart) == 3',
    '    assert cart.total() == Money(2040)',
    '',
    '',
    'def test_lines_in_sku_order(cart):',
    '    cart.add("B-200")',
    '    cart.add("A-100")',
    '    assert [product.sku for product, _, _ in cart.lines()] == ["A-100", "B-200"]',
    '',
    '',
    'def test_add_refuses_unknown_sku_and_zero(cart):',
    '    with pytest.raises(KeyError):',
    '        cart.add("Z-999")',
    '    with pytest.raises(ValueError):',
    '        cart.add("A-100", 0)',
    '',
    '',
    'def test_remove_last_unit(cart):',
    '    cart.add("A-100")',
    '    cart.remove("A-100")',
    '    assert cart.lines() == []',
    '    with pytest.raises(KeyError):',
    '        cart.remove("A-100")',
    ...(flags.has('test-remove')
      ? ['', '', 'def test_remove_one_of_several(cart):', '    cart.add("A-100", 3)', '    cart.remove("A-100")', '    assert len(cart) == 2', '    assert cart.total() == Money(840)']
      : []),
  );
}

function discountTests(flags: Flags): string {
  return lines(
    'import pytest',
    '',
    'from tinyshop import BulkDiscount, Money, percent_off',
    '',
    '',
    'def test_percent_off_rounds_the_cut_up():',
    '    assert percent_off(Money(999), 10) == Money(899)',
    '    assert percent_off(Money(1000), 0) == Money(1000)',
    '    with pytest.raises(ValueError):',
    '        percent_off(Money(1000), 120)',
    '',
    '',
    'def test_bulk_discount_in_a_cart(cart):',
    '    cart.set_discount("A-100", BulkDiscount(5, 10))',
    '    cart.add("A-100", 6)',
    '    assert cart.total() == Money(2268)',
    '',
    '',
    'def test_bulk_discount_not_below_threshold():',
    '    assert not BulkDiscount(5, 10).applies_to(4)',
    ...(flags.has('test-threshold')
      ? ['', '', 'def test_bulk_discount_at_threshold():', '    rule = BulkDiscount(5, 10)', '    assert rule.applies_to(5)', '    assert rule.line_total(Money(100), 5) == Money(450)']
      : []),
  );
}

function receiptTests(flags: Flags): string {
  return lines(
    'from tinyshop import render_receipt',
    '',
    '',
    'def test_receipt(cart):',
    '    cart.add("A-100", 2)',
    '    cart.add("B-200")',
    '    assert render_receipt(cart).splitlines() == [',
    '        "            Receipt",',
    '        "--------------------------------",',
    '        "2 x Green Tea           8.40 EUR",',
    '        "1 x Blue Mug           12.00 EUR",',
    '        "--------------------------------",',
    '        "Total                  20.40 EUR",',
    '    ]',
    '',
    '',
    'def test_long_names_are_cut(cart):',
    '    cart.add("C-300")',
    '    row = render_receipt(cart).splitlines()[2]',
    '    assert row.startswith("1 x Large Walnut")',
    '    assert "~" in row',
    '    assert row.endswith("1,499.99 EUR")',
    ...(flags.has('test-receipt-width')
      ? ['', '', 'def test_rows_fit_with_large_totals(cart):', '    cart.add("C-300", 10)', '    for row in render_receipt(cart).splitlines():', '        assert len(row) <= 32, row', '    assert render_receipt(cart).splitlines()[-1].endswith("14,999.90 EUR")']
      : []),
  );
}

/** The whole tree of the sample repository with these changes merged: path → content. */
export function renderSampleFiles(flags: ReadonlySet<SampleFlag>): Record<string, string> {
  const files: Record<string, string> = {
    '.gitignore': lines('__pycache__/', '*.egg-info/', '.pytest_cache/'),
    'README.md': readme(flags),
    'pyproject.toml': pyproject(flags),
    'tinyshop/__init__.py': init(flags),
    'tinyshop/money.py': moneyModule(flags),
    'tests/test_money.py': moneyTests(flags),
  };
  if (flags.has('catalog')) {
    files['tests/conftest.py'] = conftest(flags);
    files['tinyshop/catalog.py'] = catalogModule(flags);
    files['tests/test_catalog.py'] = catalogTests(flags);
  }
  if (flags.has('cart')) {
    files['tinyshop/cart.py'] = cartModule(flags);
    files['tests/test_cart.py'] = cartTests(flags);
  }
  if (flags.has('discounts')) {
    files['tinyshop/discounts.py'] = discountsModule(flags);
    files['tests/test_discounts.py'] = discountTests(flags);
  }
  if (flags.has('receipt')) {
    files['tinyshop/receipt.py'] = receiptModule(flags);
    files['tests/test_receipt.py'] = receiptTests(flags);
  }
  return files;
}
