package eutilstest

import (
	"fmt"
	"strings"
)

// The query language of PubMed as far as counting needs it: terms, quoted
// phrases, truncation, field tags, AND/OR/NOT evaluated left to right
// unless parenthesised (PROTOCOL.md §10). Parsing never fails: like
// PubMed, it searches what it can and says what it dropped.

type tokKind uint8

const (
	tokWord   tokKind = iota // an unquoted word
	tokPhrase                // a quoted phrase, without its quotes
	tokTag                   // a field tag, without its brackets
	tokOpen
	tokClose
	tokOp // AND, OR, NOT
)

type token struct {
	kind tokKind
	text string
}

// Messages for queries PubMed runs other than as written. PubMed answers
// these in warninglist.outputmessages; the wording here is the fake's own.
const (
	msgUnbalancedParens = "Unbalanced parentheses"
	msgUnbalancedQuotes = "Unbalanced quotes"
	msgTooDeep          = "Too many nested parentheses; the innermost were ignored"
)

// maxDepth bounds how deeply parentheses nest; deeper ones are ignored.
const maxDepth = 64

// lex splits q into tokens. Only upper-case AND, OR and NOT are operators,
// as in PubMed; a lone quote or an unclosed tag is dropped and reported.
func lex(q string, r *Result) []token {
	var toks []token
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case isSpace(c):
			i++
		case c == '(':
			toks = append(toks, token{tokOpen, "("})
			i++
		case c == ')':
			toks = append(toks, token{tokClose, ")"})
			i++
		case c == '"':
			j := strings.IndexByte(q[i+1:], '"')
			if j < 0 {
				r.note(&r.OutputMessages, msgUnbalancedQuotes)
				i++
				continue
			}
			if p := strings.Join(strings.Fields(q[i+1:i+1+j]), " "); p != "" {
				toks = append(toks, token{tokPhrase, p})
			}
			i += j + 2
		case c == '[':
			j := strings.IndexByte(q[i+1:], ']')
			if j < 0 {
				r.note(&r.OutputMessages, strings.TrimSpace(q[i:]))
				i = len(q)
				continue
			}
			toks = append(toks, token{tokTag, strings.TrimSpace(q[i+1 : i+1+j])})
			i += j + 2
		case c == ']':
			i++ // a stray bracket means nothing
		default:
			j := i
			for j < len(q) && !isSpace(q[j]) && strings.IndexByte(`()"[]`, q[j]) < 0 {
				j++
			}
			w := q[i:j]
			if w == "AND" || w == "OR" || w == "NOT" {
				toks = append(toks, token{tokOp, w})
			} else {
				toks = append(toks, token{tokWord, w})
			}
			i = j
		}
	}
	return toks
}

func isSpace(c byte) bool { return c <= ' ' || c == 0x7f }

// node is a chain or a term.
type node interface{ isNode() }

// chain is operands joined by operators, evaluated left to right:
// ops[i] joins the result so far with items[i+1].
type chain struct {
	items []node
	ops   []string
	group bool // written in parentheses
}

// term is one search term: a run of words, tagged or not, or a quoted
// phrase, with its tag as written ("" when untagged). Automatic Term
// Mapping splits an untagged run into phrases it knows and single words.
type term struct {
	text   string
	quoted bool
	tag    string
	tagged bool
}

func (*chain) isNode() {}
func (*term) isNode()  {}

type parser struct {
	toks    []token
	pos     int
	r       *Result
	depth   int
	skipped int // open parentheses ignored beyond maxDepth
}

// parse reads a whole query. A missing ")" closes at the end, a stray ")"
// is ignored, a dangling operator is dropped: each is reported.
func parse(q string, r *Result) *chain {
	p := &parser{toks: lex(q, r), r: r}
	return p.chain(true)
}

func (p *parser) chain(top bool) *chain {
	c := &chain{group: !top}
	op := ""
	for p.pos < len(p.toks) {
		t := p.toks[p.pos]
		switch t.kind {
		case tokClose:
			if p.skipped > 0 {
				p.skipped--
				p.pos++
				continue
			}
			if !top {
				p.dangling(op)
				return c
			}
			p.r.note(&p.r.OutputMessages, msgUnbalancedParens)
			p.pos++
			continue
		case tokOp:
			p.pos++
			if op != "" || len(c.items) == 0 {
				p.r.note(&p.r.OutputMessages, fmt.Sprintf("Operator %s ignored: no term on its left", t.text))
				continue
			}
			op = t.text
			continue
		case tokTag:
			p.pos++ // a tag with no term before it
			p.r.note(&p.r.PhrasesIgnored, "["+t.text+"]")
			continue
		case tokOpen:
			p.pos++
			if p.depth >= maxDepth {
				p.skipped++
				p.r.note(&p.r.OutputMessages, msgTooDeep)
				continue
			}
			p.depth++
			inner := p.chain(false)
			p.depth--
			if p.pos < len(p.toks) && p.toks[p.pos].kind == tokClose {
				p.pos++
			} else {
				p.r.note(&p.r.OutputMessages, msgUnbalancedParens)
			}
			c.add(op, inner)
		default:
			terms := p.terms()
			if len(terms) == 0 {
				continue // only stopwords: the operator waits for the next term
			}
			for i, n := range terms {
				if i == 0 {
					c.add(op, n)
				} else {
					c.add("AND", n)
				}
			}
		}
		op = ""
	}
	p.dangling(op)
	return c
}

func (p *parser) dangling(op string) {
	if op != "" {
		p.r.note(&p.r.OutputMessages, fmt.Sprintf("Operator %s ignored: no term on its right", op))
	}
}

// add appends n; two operands with no operator between them are ANDed.
func (c *chain) add(op string, n node) {
	if len(c.items) > 0 {
		if op == "" {
			op = "AND"
		}
		c.ops = append(c.ops, op)
	}
	c.items = append(c.items, n)
}

// terms reads a quoted phrase with its tag, or a run of words. A tag
// applies to the whole run before it (randomized controlled trial[pt]);
// an untagged run loses its stopwords.
func (p *parser) terms() []node {
	t := p.toks[p.pos]
	if t.kind == tokPhrase {
		p.pos++
		tag, ok := p.tag()
		return []node{&term{text: t.text, quoted: true, tag: tag, tagged: ok}}
	}
	var words []string
	for p.pos < len(p.toks) && p.toks[p.pos].kind == tokWord {
		words = append(words, p.toks[p.pos].text)
		p.pos++
	}
	if tag, ok := p.tag(); ok {
		return []node{&term{text: strings.Join(words, " "), tag: tag, tagged: true}}
	}
	var kept []string
	for _, w := range words {
		if stopwords[strings.ToLower(w)] {
			p.r.note(&p.r.PhrasesIgnored, w)
			continue
		}
		kept = append(kept, w)
	}
	if len(kept) == 0 {
		return nil
	}
	return []node{&term{text: strings.Join(kept, " ")}}
}

func (p *parser) tag() (string, bool) {
	if p.pos < len(p.toks) && p.toks[p.pos].kind == tokTag {
		p.pos++
		return p.toks[p.pos-1].text, true
	}
	return "", false
}
