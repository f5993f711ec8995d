package config

// Starter is the commented config.yaml that `pubtrend init` writes: two
// example topics and every other key at its default, commented out, each
// with a line on what it does. A test parses it.
const Starter = `# pubtrend configuration. Every key is optional; the commented lines show
# the defaults. Reference: the README's "Configuration" section.

# The topics 'pubtrend collect' keeps up to date. Each has a name (the
# handle on the command line), a PubMed query (anything PubMed's search box
# takes: field tags, AND/OR/NOT, quotes, truncation), and optionally a
# label for charts and its own years.
topics:
  - name: exosome
    label: Exosomes
    query: exosome
  - name: crispr
    label: CRISPR
    query: 'CRISPR[tiab] OR "CRISPR-Cas Systems"[mh]'
    # from: 2012         # this topic's first year (default: years.from)
    # to: 2025           # this topic's last year (default: years.to)

years:
  # from: 2016           # first year of every topic (default: ten years before the current year)
  # to: 2026             # last year (default: the current year)

ncbi:
  # NCBI asks every request to carry the e-mail address of the person
  # running it, so they can write before blocking an address that
  # misbehaves. Or set PUBTREND_EMAIL.
  # email: you@example.org
  # tool: pubtrend       # the application's name, no spaces
  # base_url: https://eutils.ncbi.nlm.nih.gov/entrez/eutils/   # or PUBTREND_EUTILS_URL
  # rate: 2.85           # requests per second (default: 95% of NCBI's 3, or of 10 with NCBI_API_KEY)
  # timeout: 30s         # one request, answer included
  # max_tries: 5         # attempts at one count when NCBI fails transiently
  # min_backoff: 1s      # first wait before a retry; it doubles, with jitter …
  # max_backoff: 30s     # … up to this

# store: pubtrend.db     # the store file, relative to this file (default: ~/.local/share/pubtrend/pubtrend.db)

refresh:
  # recent: 20h          # re-fetch the current and previous year when their count is older
  # settled: 30d         # re-fetch older years when their count is older

# Your own breakdowns, beside the built-in evidence and species: ordered
# parts, a record counting in the first part it matches; the last part may
# have no query and is then the rest of the topic. Use: --by design.
# breakdowns:
#   - name: design
#     label: Study design
#     parts:
#       - key: trials
#         label: Clinical trials
#         query: '"clinical trial"[pt]'
#       - key: rest
#         label: Everything else
`
