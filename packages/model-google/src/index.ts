// This package has no public API yet; see README.md for what it will own.
export {};
