package main

import (
	"fmt"

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
			return db.Backup(files[0])
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
