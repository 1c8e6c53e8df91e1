//! Prints the sentences and tokens of a text file.
//!
//! ```text
//! cargo run -p dyad-text --example segment_file -- FILE
//! ```

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: segment_file FILE")?;
    let text = std::fs::read_to_string(path)?;
    let seg = dyad_text::segment(&text);
    for (i, s) in seg.sentences.iter().enumerate() {
        let forms: Vec<&str> = seg.tokens[s.first_token..s.end_token]
            .iter()
            .map(|t| t.form.as_str())
            .collect();
        println!("[{i} p{}] {}", s.paragraph, forms.join(" "));
    }
    eprintln!(
        "{} tokens, {} sentences",
        seg.tokens.len(),
        seg.sentences.len()
    );
    Ok(())
}
