// Command oic-sshload is the load client of issue 17's budget: many SSH
// sessions of `oic serve`, each an officer signed in by their own key,
// each recording notes on its visit's live tab at once, timed from
// ctrl+s to the frame that acknowledges the save. run.sh beside it does
// a whole run on a copy of the demo store (BENCHMARKS.md, "The 50-session
// load in 100 ms").
//
//	oic-sshload prepare -data-dir DIR -work WORK [-n 50]
//	oic-sshload run -addr HOST:PORT -work WORK [-k 20] [-pace-min D -pace-max D] [-server-pid PID]
//	oic-sshload count -data-dir DIR -work WORK
//
// prepare (before the server starts) picks the officers rostered on the
// folder's deployed visits, makes an SSH key for each in WORK/keys and
// writes WORK/plan.tsv (staff number, visit, key); the keys are then
// given with `oic officer key add`. run drives the sessions and writes
// the notes acknowledged to WORK/acked.tsv; count (after the server has
// stopped) finds each acknowledged note on its visit's trail once.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "prepare":
		err = prepare(os.Args[2:])
	case "run":
		err = run(os.Args[2:])
	case "count":
		err = count(os.Args[2:])
	default:
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "oic-sshload:", err)
		os.Exit(1)
	}
}

const usage = `usage:
  oic-sshload prepare -data-dir DIR -work WORK [-n 50]
  oic-sshload run -addr HOST:PORT -work WORK [-k 20] [-pace-min D -pace-max D] [-server-pid PID]
  oic-sshload count -data-dir DIR -work WORK
`
