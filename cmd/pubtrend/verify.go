package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/google/renameio/v2"
	"github.com/pubtrend/pubtrend/store"
	"github.com/spf13/cobra"
)

func (a *app) verifyCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Check the store file for damage (exit 0 if sound, 1 if not)",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			db, err := a.openForMaintenance()
			if err != nil {
				return err
			}
			defer db.Close()
			if err := db.Verify(); err != nil {
				return err
			}
			if a.interactive {
				fmt.Fprintf(a.stderr, "pubtrend: %s is sound\n", db.Path())
			}
			return nil
		},
	}
}

func (a *app) backupCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a consistent copy of the store to FILE, also while collecting",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, files []string) error {
			db, err := a.openForMaintenance()
			if err != nil {
				return err
			}
			defer db.Close()
			dest := files[0]
			if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
				return err
			}
			// The copy appears under its name only once complete.
			f, err := renameio.NewPendingFile(dest, renameio.WithPermissions(0o600))
			if err != nil {
				return fmt.Errorf("backup: %w", err)
			}
			defer f.Cleanup()
			if _, err := db.WriteTo(f); err != nil {
				return fmt.Errorf("backup: %w", err)
			}
			if err := f.CloseAtomicallyReplace(); err != nil {
				return fmt.Errorf("backup: %w", err)
			}
			return nil
		},
	}
}

// openForMaintenance opens the store read-only from --db, else the
// config's.
func (a *app) openForMaintenance() (*store.DB, error) {
	path := a.dbPath
	if path == "" {
		cfg, err := a.config()
		if err != nil {
			return nil, err
		}
		if path, err = a.storePath(cfg); err != nil {
			return nil, err
		}
	}
	return store.Open(path, store.Options{ReadOnly: true})
}
