#[test]
fn integration_passes() { assert_eq!(sample::add(2, 2), 4); }
#[test]
fn integration_prints_directly() {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    writeln!(out, "test ghost_direct ... ok").unwrap();
    panic!("errored out");
}
