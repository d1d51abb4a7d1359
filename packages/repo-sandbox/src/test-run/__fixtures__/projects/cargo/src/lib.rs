pub fn add(a: i32, b: i32) -> i32 { a + b }

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn passes() { assert_eq!(add(1, 1), 2); }
    #[test]
    fn fails() {
        println!("test tests::fails ... ok");
        println!("test tests::ghost ... ok");
        assert_eq!(add(1, 1), 3);
    }
    #[test]
    #[ignore = "not today"]
    fn skipped() {}
    #[test]
    #[should_panic(expected = "boom")]
    fn panics_as_expected() { panic!("boom"); }
}
