package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/pubtrend/pubtrend/config"
	"github.com/spf13/cobra"
)

func (a *app) initCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "init [FILE]",
		Short: "Write a commented starter config.yaml (never over an existing file)",
		Long: `init writes a starter config (default ./config.yaml): two example topics and
every other setting at its default, commented, with a line on what it does.
It never overwrites a file that exists.`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, files []string) error {
			path := "config.yaml"
			if len(files) == 1 {
				path = files[0]
			}
			// O_EXCL: the check and the creation are one step, so a file
			// that appears in between is not overwritten either.
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
			if errors.Is(err, fs.ErrExist) {
				return &exitError{code: exitFailure, err: fmt.Errorf("%s exists: init never overwrites a config", path),
					hint: "edit it, or give init another file name"}
			}
			if err != nil {
				return err
			}
			if _, err := f.WriteString(config.Starter); err != nil {
				f.Close()
				os.Remove(path)
				return err
			}
			if err := f.Close(); err != nil {
				os.Remove(path)
				return err
			}
			if a.interactive {
				fmt.Fprintf(a.stderr, "pubtrend: wrote %s; edit its topics, then run 'pubtrend collect'\n", path)
			}
			return nil
		},
	}
}
