package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/google/renameio/v2"
	"github.com/spf13/cobra"
)

func (a *app) verifyCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Check the store file for damage (exit 0 if sound, 1 if not)",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := a.dbForMaintenance()
			if err != nil {
				return err
			}
			db, err := a.openStore(path)
			if err != nil {
				return err
			}
			defer db.Close()
			if err := db.Verify(); err != nil {
				return withHint(exitFailure, err, "restore a backup made with 'pubtrend backup'")
			}
			if a.interactive {
				fmt.Fprintf(a.stderr, "pubtrend: %s is sound\n", path)
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
			path, err := a.dbForMaintenance()
			if err != nil {
				return err
			}
			db, err := a.openStore(path)
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

// dbForMaintenance finds the store from --db, else the config; a missing
// config is fine when --db is given.
func (a *app) dbForMaintenance() (string, error) {
	if a.dbPath != "" {
		return a.dbPath, nil
	}
	cfg, err := a.config()
	if err != nil {
		return "", err
	}
	return a.storePath(&cfg)
}
