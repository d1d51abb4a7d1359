// The docker sandbox backend; see README.md.
export {};
