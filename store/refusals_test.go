package store_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pubtrend/pubtrend/store"
	bolt "go.etcd.io/bbolt"
)

var typo = store.Series{Query: "exosme", Field: "dp"}

func refusal(s store.Series, year int, when, msg string) store.Refusal {
	return store.Refusal{Series: s, Year: year, At: at(when), Message: msg,
		Warnings:    []store.Warning{{Kind: "phrasesnotfound", Text: "exosme"}},
		Translation: "2019:2019[dp]"}
}

// TestRefusalsAreNotCounts records refusals beside counts: the newest
// refusal of each year reads back whole, and no reader of counts sees one.
func TestRefusalsAreNotCounts(t *testing.T) {
	db, _ := openTemp(t)
	count := obs(exosome, 2019, 2141, "2026-01-01T00:00:00Z")
	if err := db.Append(count); err != nil {
		t.Fatal(err)
	}
	rs := []store.Refusal{
		refusal(exosome, 2019, "2026-02-01T00:00:00Z", "newest of 2019"),
		refusal(exosome, 2019, "2025-12-01T00:00:00Z", "older"),
		refusal(exosome, 2020, "2026-02-01T00:00:00Z", "2020"),
		refusal(typo, 2019, "2026-02-01T00:00:00Z", "typo"),
	}
	if err := db.AppendRefusals(rs...); err != nil {
		t.Fatal(err)
	}
	got, err := db.LatestRefusals(exosome)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[int]store.Refusal{2019: rs[0], 2020: rs[2]}, got); diff != "" {
		t.Errorf("LatestRefusals(exosome) mismatch (-want +got):\n%s", diff)
	}
	if got, _ := db.LatestRefusals(adhoc); len(got) != 0 {
		t.Errorf("LatestRefusals of a series never refused = %v, want none", got)
	}

	h, err := db.History(exosome, 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]store.Observation{count}, h); diff != "" {
		t.Errorf("History(exosome) mismatch (-want +got):\n%s", diff)
	}
	for _, s := range []store.Series{exosome, typo} {
		l, err := db.Latest(s, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := l[2020]; ok || len(l) > 1 {
			t.Errorf("Latest(%v) = %v: a refusal read as a count", s, l)
		}
	}
	list, _ := db.SeriesList()
	if diff := cmp.Diff([]store.Series{exosome}, list); diff != "" {
		t.Errorf("SeriesList() mismatch (-want +got):\n%s", diff)
	}
	if err := db.Verify(); err != nil {
		t.Errorf("Verify() = %v", err)
	}
}

func TestAppendRefusalsRejectsAndKeeps(t *testing.T) {
	db, _ := openTemp(t)
	good := refusal(exosome, 2019, "2026-02-01T00:00:00Z", "x")
	for name, bad := range map[string]store.Refusal{
		"no time":    {Series: exosome, Year: 2019, Message: "x"},
		"no message": {Series: exosome, Year: 2019, At: at("2026-02-01T00:00:00Z")},
		"no year":    {Series: exosome, At: at("2026-02-01T00:00:00Z"), Message: "x"},
		"no series":  {Year: 2019, At: at("2026-02-01T00:00:00Z"), Message: "x"},
	} {
		if err := db.AppendRefusals(good, bad); err == nil {
			t.Errorf("%s: AppendRefusals succeeded, want an error", name)
		}
	}
	if got, err := db.LatestRefusals(exosome); err != nil || len(got) != 0 {
		t.Errorf("after rejected appends: LatestRefusals = %v, %v; want none", got, err)
	}
}

// TestDamagedRefusalIsReported changes a stored refusal, then deletes
// one: reading and Verify report both.
func TestDamagedRefusalIsReported(t *testing.T) {
	key := append([]byte("dp\x00"), "exosome"...)
	for name, harm := range map[string]func(*bolt.Bucket) error{
		"changed": func(b *bolt.Bucket) error {
			k, v := b.Cursor().First()
			return b.Put(k, bytes.Replace(v, []byte("newest"), []byte("nicest"), 1))
		},
		"lost": func(b *bolt.Bucket) error {
			k, _ := b.Cursor().Last()
			return b.Delete(k)
		},
	} {
		t.Run(name, func(t *testing.T) {
			db, p := openTemp(t)
			if err := db.AppendRefusals(refusal(exosome, 2019, "2026-02-01T00:00:00Z", "newest"), refusal(exosome, 2020, "2026-02-01T00:00:00Z", "x")); err != nil {
				t.Fatal(err)
			}
			db.Close()
			db = damaged(t, p, func(tx *bolt.Tx) error { return harm(tx.Bucket([]byte("refusals")).Bucket(key)) })
			if name == "changed" {
				if _, err := db.LatestRefusals(exosome); !errors.Is(err, store.ErrCorrupt) {
					t.Errorf("LatestRefusals() = %v, want ErrCorrupt", err)
				}
			}
		})
	}
}
