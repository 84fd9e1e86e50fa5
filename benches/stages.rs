//! Per-stage and per-document timings on the bundled corpus: `cargo bench`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use koen_align::stages::{
    align_pages, clean_page, detect_language, normalize, text_blocks, AlignParams, Lexicon, PageView, RuleSet,
};
use koen_align::{align_texts, Options, Side, Strategy};
use std::hint::black_box;
use std::path::PathBuf;

fn corpus() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/docs");
    let mut docs: Vec<PathBuf> =
        std::fs::read_dir(&root).expect("corpus/docs").filter_map(|e| e.ok()).map(|e| e.path()).collect();
    docs.sort();
    docs.iter()
        .map(|d| {
            (
                std::fs::read_to_string(d.join("ko.txt")).expect("ko.txt"),
                std::fs::read_to_string(d.join("en.txt")).expect("en.txt"),
            )
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|(k, e)| k.len() + e.len()).sum();
    let options = Options::default();
    let rules = RuleSet::default();
    let lexicon = Lexicon::builtin();
    let params = AlignParams::default();

    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("normalize", |b| {
        b.iter(|| {
            docs.iter().map(|(k, e)| normalize(black_box(k)).len() + normalize(black_box(e)).len()).sum::<usize>()
        })
    });
    g.bench_function("language", |b| {
        let texts: Vec<String> =
            docs.iter().flat_map(|(k, e)| k.split("\n\n").chain(e.split("\n\n")).map(normalize)).collect();
        b.iter(|| texts.iter().filter(|t| detect_language(black_box(t)).lang == koen_align::Lang::En).count())
    });
    let blocks: Vec<_> = docs.iter().map(|(k, e)| (text_blocks(k, Side::Ko), text_blocks(e, Side::En))).collect();
    g.bench_function("blocks", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(k, e)| text_blocks(black_box(k), Side::Ko).len() + text_blocks(black_box(e), Side::En).len())
                .sum::<usize>()
        })
    });
    g.bench_function("boilerplate", |b| {
        b.iter(|| {
            blocks
                .iter()
                .map(|(k, e)| {
                    clean_page(k.clone(), Side::Ko, &rules, None, None).kept.len()
                        + clean_page(e.clone(), Side::En, &rules, None, None).kept.len()
                })
                .sum::<usize>()
        })
    });
    let cleaned: Vec<_> = blocks
        .iter()
        .map(|(k, e)| {
            (clean_page(k.clone(), Side::Ko, &rules, None, None), clean_page(e.clone(), Side::En, &rules, None, None))
        })
        .collect();
    g.bench_function("align", |b| {
        b.iter(|| {
            cleaned
                .iter()
                .map(|(k, e)| {
                    align_pages(
                        PageView { blocks: &k.kept, suspects: &k.suspect, headline: k.headline },
                        PageView { blocks: &e.kept, suspects: &e.suspect, headline: e.headline },
                        &lexicon,
                        &params,
                        Strategy::Sentence,
                    )
                    .paragraphs
                    .len()
                })
                .sum::<usize>()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("document");
    g.throughput(Throughput::Elements(docs.len() as u64));
    g.bench_function("align_texts", |b| {
        b.iter(|| {
            docs.iter()
                .filter_map(|(k, e)| align_texts("bench", black_box(k), black_box(e), &options).ok())
                .map(|d| d.beads.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = stages
}
criterion_main!(benches);
