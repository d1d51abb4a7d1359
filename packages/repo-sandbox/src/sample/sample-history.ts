import type { SampleFlag } from './sample-files';

/** Who made a commit of the sample history. */
export interface SamplePerson {
  readonly name: string;
  readonly email: string;
}

const ADA: SamplePerson = { name: 'Ada Byron', email: 'ada@tinyshop.example' };
const GRACE: SamplePerson = { name: 'Grace Hopper', email: 'grace@tinyshop.example' };
const LINUS: SamplePerson = { name: 'Linus Pauling', email: 'linus@tinyshop.example' };
const MARGARET: SamplePerson = { name: 'Margaret Hamilton', email: 'margaret@tinyshop.example' };
/** GitHub's identity on the merge commits it makes. */
export const SAMPLE_MERGER: SamplePerson = { name: 'GitHub', email: 'noreply@github.com' };

/** One commit: the changes it switches on, its message and its date (author = committer). */
export interface SampleCommitPlan {
  readonly flags: readonly SampleFlag[];
  readonly message: string;
  readonly date: string;
}

/** A step of the sample history on main. */
export type SampleStep =
  | { readonly kind: 'commit'; readonly author: SamplePerson; readonly commit: SampleCommitPlan }
  | { readonly kind: 'tag'; readonly name: string; readonly date: string }
  | {
      readonly kind: 'pull-request';
      readonly number: number;
      readonly branch: string;
      readonly title: string;
      readonly type: 'feature' | 'bugfix';
      readonly author: SamplePerson;
      readonly commits: readonly SampleCommitPlan[];
      readonly mergedAt: string;
      /** The issue the merge message closes (`Fixes #N`). */
      readonly fixes?: { readonly number: number; readonly title: string; readonly body: string };
      /** Tests the pull request adds that fail before its fix and pass after (bug fixes only). */
      readonly failToPass?: readonly string[];
    };

/** The default knowledge cutoff of the sample repository: 4 bug fixes and 4 features before it, 2 and 1 after. */
export const SAMPLE_REPOSITORY_CUTOFF = '2024-06-01';

/** The history of tinyshop, oldest first. Dates are UTC. */
export const SAMPLE_HISTORY: readonly SampleStep[] = [
  { kind: 'commit', author: ADA, commit: { flags: [], message: 'Initial commit: Money, parse_money and format_money', date: '2024-01-08T09:00:00Z' } },
  { kind: 'tag', name: 'v0.1.0', date: '2024-01-08T09:30:00Z' },
  {
    kind: 'pull-request',
    number: 1,
    branch: 'add-catalog',
    title: 'Add a product catalog',
    type: 'feature',
    author: GRACE,
    commits: [{ flags: ['catalog'], message: 'Add Catalog and Product, with search by name', date: '2024-01-14T15:20:00Z' }],
    mergedAt: '2024-01-15T10:00:00Z',
  },
  {
    kind: 'pull-request',
    number: 2,
    branch: 'add-cart',
    title: 'Add a shopping cart',
    type: 'feature',
    author: ADA,
    commits: [{ flags: ['cart'], message: 'Add Cart with add, remove, lines and total', date: '2024-01-26T11:45:00Z' }],
    mergedAt: '2024-01-29T09:10:00Z',
  },
  {
    kind: 'pull-request',
    number: 4,
    branch: 'fix-negative-amounts',
    title: 'Keep the sign of negative amounts in parse_money',
    type: 'bugfix',
    author: LINUS,
    commits: [
      { flags: ['test-negative'], message: 'Test parsing of negative amounts', date: '2024-02-09T16:00:00Z' },
      { flags: ['fix-negative'], message: 'parse_money: read the sign before splitting off the cents', date: '2024-02-10T10:30:00Z' },
    ],
    mergedAt: '2024-02-12T08:40:00Z',
    fixes: { number: 3, title: 'parse_money("-1.05") gives -0.95', body: 'Parsing a negative amount with cents adds the cents instead of subtracting them: `parse_money("-1.05")` is `Money(-95)`, and `parse_money("-0.50")` is positive.' },
    failToPass: ['tests/test_money.py::test_parse_negative_amounts'],
  },
  {
    kind: 'pull-request',
    number: 5,
    branch: 'discounts',
    title: 'Add percentage and bulk discounts',
    type: 'feature',
    author: GRACE,
    commits: [{ flags: ['discounts'], message: 'Add percent_off and BulkDiscount, applied per cart line', date: '2024-02-28T13:00:00Z' }],
    mergedAt: '2024-03-04T09:00:00Z',
  },
  {
    kind: 'pull-request',
    number: 7,
    branch: 'fix-cart-remove',
    title: 'Cart.remove takes out one unit, not the whole line',
    type: 'bugfix',
    author: ADA,
    commits: [{ flags: ['test-remove', 'fix-remove'], message: 'Cart.remove: subtract the quantity, drop the line only when none are left', date: '2024-03-22T17:15:00Z' }],
    mergedAt: '2024-03-25T08:30:00Z',
    fixes: { number: 6, title: 'Cart.remove drops the whole line', body: 'With three mugs in the cart, `cart.remove("B-200")` leaves none instead of two.' },
    failToPass: ['tests/test_cart.py::test_remove_one_of_several'],
  },
  { kind: 'commit', author: GRACE, commit: { flags: ['version-0.2'], message: 'Release 0.2.0', date: '2024-04-01T12:00:00Z' } },
  { kind: 'tag', name: 'v0.2.0', date: '2024-04-01T12:05:00Z' },
  {
    kind: 'pull-request',
    number: 8,
    branch: 'receipts',
    title: 'Add plain-text receipts',
    type: 'feature',
    author: MARGARET,
    commits: [{ flags: ['receipt'], message: 'Add render_receipt: one fixed-width row per cart line and the total', date: '2024-04-12T14:00:00Z' }],
    mergedAt: '2024-04-15T09:20:00Z',
  },
  {
    kind: 'pull-request',
    number: 10,
    branch: 'search-case',
    title: 'Catalog.search ignores case',
    type: 'bugfix',
    author: LINUS,
    commits: [{ flags: ['test-search', 'fix-search'], message: 'Compare lower-cased words and names in Catalog.search', date: '2024-05-03T10:00:00Z' }],
    mergedAt: '2024-05-06T08:00:00Z',
    fixes: { number: 9, title: 'Searching for "green tea" finds nothing', body: '`catalog.search("green tea")` returns an empty list although the catalog sells "Green Tea".' },
    failToPass: ['tests/test_catalog.py::test_search_ignores_case'],
  },
  {
    kind: 'pull-request',
    number: 12,
    branch: 'bulk-threshold',
    title: 'BulkDiscount applies from its threshold on',
    type: 'bugfix',
    author: GRACE,
    commits: [
      { flags: ['test-threshold'], message: 'Test a bulk discount at exactly its threshold', date: '2024-05-16T09:00:00Z' },
      { flags: ['fix-threshold'], message: 'BulkDiscount.applies_to: the threshold itself counts', date: '2024-05-17T11:00:00Z' },
    ],
    mergedAt: '2024-05-20T10:00:00Z',
    fixes: { number: 11, title: 'Bulk discount missing at its threshold', body: '`BulkDiscount(5, 10)` should give 10% off five items; it only starts at six.' },
    failToPass: ['tests/test_discounts.py::test_bulk_discount_at_threshold'],
  },
  { kind: 'commit', author: GRACE, commit: { flags: ['version-0.3'], message: 'Release 0.3.0', date: '2024-05-27T12:00:00Z' } },
  { kind: 'tag', name: 'v0.3.0', date: '2024-05-27T12:05:00Z' },
  {
    kind: 'pull-request',
    number: 13,
    branch: 'convert',
    title: 'Add currency conversion',
    type: 'feature',
    author: MARGARET,
    // Written before the cutoff, merged after it: not part of the snapshot at the cutoff.
    commits: [{ flags: ['convert'], message: 'Add convert(money, rate, currency)', date: '2024-05-29T15:00:00Z' }],
    mergedAt: '2024-06-17T09:00:00Z',
  },
  {
    kind: 'pull-request',
    number: 15,
    branch: 'receipt-width',
    title: 'Receipt rows stay 32 characters wide with large totals',
    type: 'bugfix',
    author: ADA,
    commits: [{ flags: ['test-receipt-width', 'fix-receipt-width'], message: 'Size the label column from the amount in receipt rows', date: '2024-07-05T10:00:00Z' }],
    mergedAt: '2024-07-08T08:00:00Z',
    fixes: { number: 14, title: 'Receipt rows overflow with totals of 10,000 or more', body: 'A line of ten cutting boards (14,999.90 EUR) makes its row 33 characters wide, one more than the receipt.' },
    failToPass: ['tests/test_receipt.py::test_rows_fit_with_large_totals'],
  },
  {
    kind: 'pull-request',
    number: 16,
    branch: 'convert-rounding',
    title: 'convert rounds to the nearest cent',
    type: 'bugfix',
    author: LINUS,
    commits: [{ flags: ['test-convert-rounding', 'fix-convert-rounding'], message: 'convert: round to the nearest cent instead of truncating', date: '2024-08-01T13:00:00Z' }],
    mergedAt: '2024-08-05T09:00:00Z',
    failToPass: ['tests/test_money.py::test_convert_rounds_to_the_nearest_cent'],
  },
  { kind: 'commit', author: GRACE, commit: { flags: ['version-0.4'], message: 'Release 0.4.0', date: '2024-08-12T12:00:00Z' } },
  { kind: 'tag', name: 'v0.4.0', date: '2024-08-12T12:05:00Z' },
];
