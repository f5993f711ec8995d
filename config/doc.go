// Package config reads config.yaml: the topics to track, the default
// years, what NCBI asks of a client, where the store lives and how often
// counts are refreshed.
//
// Parsing is strict (an unknown key is an error) and every error names the
// file and line to fix: people edit this file by hand, often months after
// they wrote it, and a cron job that silently ignores a typo collects the
// wrong thing for months. The line of every key is recorded beside the
// decoded values, so Validate can point at it without the YAML tree.
//
// A config file is optional: Default is what a run without one uses (no
// topics, the last ten complete years and the current one). Only the front
// ends (cmd/pubtrend, server) see a whole Config; they hand the packages
// below plain values (collector.Options, years, queries).
package config
