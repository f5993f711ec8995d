package main

import (
	"strings"

	"github.com/spf13/cobra"
)

// completeNames completes topic names: the config's and every stored
// series', so that `pubtrend chart ex<TAB>` offers what is there.
func (a *app) completeNames(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	_, _, cat, err := a.setup()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveError
	}
	var out []cobra.Completion
	for _, t := range cat.All() {
		if strings.HasPrefix(strings.ToLower(t.Name), strings.ToLower(toComplete)) {
			out = append(out, cobra.CompletionWithDesc(t.Name, string(t.Origin)))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
