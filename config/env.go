package config

import (
	"fmt"
	"os"
	"time"

	"github.com/pubtrend/pubtrend/collector"
)

// The environment variables pubtrend reads. Precedence: flag > environment
// > file > default.
const (
	EnvConfig     = "PUBTREND_CONFIG"     // the config file
	EnvEutilsURL  = "PUBTREND_EUTILS_URL" // overrides ncbi.base_url
	EnvEmail      = "PUBTREND_EMAIL"      // overrides ncbi.email
	EnvAPIKey     = "NCBI_API_KEY"        // the key itself, never in the file
	EnvAPIKeyFile = "NCBI_API_KEY_FILE"   // or a file holding it, mode 0600
)

// ApplyEnv lets the environment override the file: PUBTREND_EUTILS_URL
// and PUBTREND_EMAIL. Messages about those values then name the variable.
func (c *Config) ApplyEnv(getenv func(string) string) error {
	if c.sources == nil {
		c.sources = make(map[string]string)
	}
	if u := getenv(EnvEutilsURL); u != "" {
		c.NCBI.BaseURL = u
		c.sources["ncbi.base_url"] = EnvEutilsURL
	}
	if e := getenv(EnvEmail); e != "" {
		c.NCBI.Email = e
		c.sources["ncbi.email"] = EnvEmail
		if hasControl(e) || containsSpace(e) {
			return &Error{File: EnvEmail, Msg: "the e-mail address must not contain spaces (NCBI's rule)"}
		}
	}
	return nil
}

func containsSpace(s string) bool {
	for _, r := range s {
		if r == ' ' || r == '\t' {
			return true
		}
	}
	return false
}

// APIKey reads NCBI_API_KEY, or the file named by NCBI_API_KEY_FILE, which
// must be readable by its owner only. No key is not an error: NCBI then
// allows 3 requests/s instead of 10.
func APIKey(getenv func(string) string) (collector.APIKey, error) {
	if k := getenv(EnvAPIKey); k != "" {
		return parseKey(EnvAPIKey, k)
	}
	path := getenv(EnvAPIKeyFile)
	if path == "" {
		return collector.APIKey{}, nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return collector.APIKey{}, &Error{File: EnvAPIKeyFile, Msg: err.Error()}
	}
	if !fi.Mode().IsRegular() {
		return collector.APIKey{}, &Error{File: EnvAPIKeyFile, Msg: fmt.Sprintf("%s is not a regular file", path)}
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return collector.APIKey{}, &Error{File: EnvAPIKeyFile,
			Msg: fmt.Sprintf("%s is readable by others (mode %o): chmod 600 %s", path, fi.Mode().Perm(), path)}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return collector.APIKey{}, &Error{File: EnvAPIKeyFile, Msg: err.Error()}
	}
	return parseKey(EnvAPIKeyFile+" "+path, string(b))
}

// parseKey trims the key and refuses one with spaces or control
// characters inside: a key file with a second line would otherwise send
// the newline as part of the key. The message never shows the key.
func parseKey(source, s string) (collector.APIKey, error) {
	k, err := collector.ParseAPIKey(s)
	if err != nil {
		return collector.APIKey{}, &Error{File: source, Msg: err.Error()}
	}
	return k, nil
}

// ClientOptions are the collector's options as this config sets them.
func (c *Config) ClientOptions(key collector.APIKey) collector.Options {
	return collector.Options{
		BaseURL:    c.NCBI.BaseURL,
		Tool:       c.NCBI.Tool,
		Email:      c.NCBI.Email,
		Key:        key,
		Rate:       c.NCBI.Rate,
		Timeout:    time.Duration(c.NCBI.Timeout),
		MaxTries:   uint(c.NCBI.MaxTries),
		MinBackoff: time.Duration(c.NCBI.MinBackoff),
		MaxBackoff: time.Duration(c.NCBI.MaxBackoff),
		UserAgent:  "pubtrend (+" + c.NCBI.Tool + ")",
	}
}

// RefreshPolicy is the collector's refresh policy as this config sets it.
func (c *Config) RefreshPolicy(full bool) collector.Refresh {
	return collector.Refresh{Recent: time.Duration(c.Refresh.Recent), Settled: time.Duration(c.Refresh.Settled), Full: full}
}
