// The bubblewrap sandbox backend; see README.md.
export {};
