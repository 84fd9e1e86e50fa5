use koen_align::align::sentences::split_sentences;
use std::io::BufRead;
fn main() {
    // reads "ko\ten" lines, prints counts of sentences per side
    let stdin = std::io::stdin();
    for line in stdin.lock().lines() {
        let line = line.unwrap();
        let mut f = line.split('\t');
        let (k, e) = (f.next().unwrap_or(""), f.next().unwrap_or(""));
        println!("{}\t{}", split_sentences(&koen_align::normalize::normalize(k)).len(), split_sentences(&koen_align::normalize::normalize(e)).len());
    }
}
