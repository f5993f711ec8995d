// Package trend holds the arithmetic of publication trends: normalising
// by PubMed's size, growth figures (fold change, CAGR, doubling time), the
// year one topic overtook another, and projecting the current year.
//
// Everything here is a pure function of plain numbers, so each can be
// checked against values computed by hand. Missing years are never treated
// as zero: functions take the years they need and say when one is absent.
package trend
