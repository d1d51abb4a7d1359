// The local sandbox backend; see README.md.
export {};
