package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"oic/domain"
	"oic/store"
	"oic/store/exchange"
	"oic/store/vault"
)

// globals are the flags every command accepts, before or after its name.
type globals struct {
	dataDir string
	as      string
	// board opens the terminal UI on today's board (oic --board): set
	// only before a command's name, where the UI is what runs.
	board bool
	// stdin is what a command reads where it is given "-" (oic officer
	// key add STAFFNO -): the process's, or an SSH session's.
	stdin io.Reader
	// served is the store oic serve holds open, with its configuration,
	// for a command run over SSH (serve.go): opening gives it, never the
	// folder again. remote is that session's output as it is.
	served    *store.Store
	servedCfg domain.Config
	remote    *remote
	// pin is the PIN a local oic's caller gave with a command it asked
	// the server to run (serve_local.go); nil: none came.
	pin *string
	// stderr is where the command reports progress: the one its flags
	// were set up with.
	stderr io.Writer
	// noEncrypt makes a new data folder plain (--no-encrypt), loudly
	// (passphrase.go).
	noEncrypt bool
	// passphrase, once known (a restore has just asked for it), opens
	// the folder without asking again.
	passphrase []byte
	// vault, if set, is the folder's vault already unlocked (a restore's,
	// for the verify it runs): the passphrase is not derived again.
	vault *vault.Vault
	// stop is the process's signal handler (signals.go), which puts the
	// terminal back if a signal ends oic at the passphrase's prompt; nil
	// in tests run in-process.
	stop *stopper
}

// flagSet makes a flag set with the global flags registered, so
// "oic --data-dir X demo" and "oic demo --data-dir X" both work.
func (g *globals) flagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	g.stderr = stderr
	fs.StringVar(&g.dataDir, "data-dir", g.dataDir, "`folder` where records are kept (global)")
	fs.StringVar(&g.as, "as", g.as, "sign in as this `staff number` (global)")
	fs.BoolVar(&g.noEncrypt, "no-encrypt", g.noEncrypt, "make a new data folder NOT encrypted: its personal data lies in plain on the disk (global; not advised)")
	return fs
}

// dir resolves the data directory: --data-dir, then $OIC_DATA_DIR, then the
// user's data directory.
func (g *globals) dir() (string, error) {
	if g.dataDir != "" {
		return g.dataDir, nil
	}
	if d := os.Getenv("OIC_DATA_DIR"); d != "" {
		return d, nil
	}
	base, err := userDataDir()
	if err != nil {
		return "", fmt.Errorf("cannot find your data folder (%v); pass --data-dir or set OIC_DATA_DIR", err)
	}
	return filepath.Join(base, "oic"), nil
}

// userDataDir is where an application keeps its own data: the XDG data home
// on Linux, Application Support on macOS, the local app data on Windows.
func userDataDir() (string, error) {
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return d, nil
		}
		return os.UserConfigDir()
	case "darwin":
		return os.UserConfigDir() // ~/Library/Application Support
	default:
		if d := os.Getenv("XDG_DATA_HOME"); d != "" {
			return d, nil
		}
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, ".local", "share"), nil
	}
}

func defaultDataDirHint() string {
	switch runtime.GOOS {
	case "windows":
		return `%LocalAppData%\oic`
	case "darwin":
		return "~/Library/Application Support/oic"
	}
	return "$XDG_DATA_HOME/oic or ~/.local/share/oic"
}

// open opens the store and loads the configuration kept beside it.
func (g *globals) open() (*store.Store, domain.Config, error) { return g.openWith(store.Options{}) }

// openWith is open with o. Every save keeps the derived part of a
// closed visit's export line beside it, for the export to copy.
func (g *globals) openWith(o store.Options) (*store.Store, domain.Config, error) {
	if g.served != nil {
		// Roles switch on once the folder has an administrator, who may
		// be made while the server runs: asked afresh for each command.
		cfg := g.servedCfg
		cfg.Administered = administered(g.served)
		return g.served, cfg, nil
	}
	dir, err := g.dir()
	if err != nil {
		return nil, domain.Config{}, err
	}
	cfg, err := loadConfig(dir)
	if err != nil {
		return nil, cfg, err
	}
	// Held by another oic: said before a passphrase is asked for (or the
	// command handed to the oic serve holding it, serve_local.go).
	if err := store.Held(dir); err != nil {
		return nil, cfg, servedElsewhere(dir, err)
	}
	if o.Vault, err = g.unlock(dir, true); err != nil {
		return nil, cfg, err
	}
	o.Derive = exchange.Derivation()
	// A store an earlier oic wrote has its records sealed as it is first
	// opened: with 100,000 visits that takes a while, so say so.
	sealed := 0
	var prog *counter
	if g.stderr != nil {
		prog = newCounter(g.stderr, "Sealing the records of a store an earlier oic wrote")
		prog.unit = "records"
	}
	o.Sealing = func(done, total int) {
		sealed = total
		if prog != nil {
			prog.show(done, total)
		}
	}
	// So does filing every visit under its premises, once, for a store
	// from before format 5.
	var indexing *counter
	if g.stderr != nil {
		indexing = newCounter(g.stderr, "Filing the visits under their premises, once, for this oic")
		o.Indexing = indexing.show
	}
	// And counting each visit's measures of effect and filing it under
	// its officers, once, for a store from before format 8 (whose measures
	// records are not sealed to their documents).
	var measuring *counter
	if g.stderr != nil {
		measuring = newCounter(g.stderr, "Counting each visit's measures of effect and filing it under its officers, once, for this oic")
		o.Measuring = measuring.show
	}
	s, err := store.OpenWith(dir, o)
	if err == nil {
		cfg.Administered = administered(s)
	}
	if indexing != nil {
		indexing.clear()
		measuring.clear()
	}
	if prog != nil {
		prog.clear()
		if err == nil && sealed > 0 {
			fmt.Fprintf(g.stderr, "oic: %s was written by an earlier oic: its %d records are now each sealed by an audit entry (store format %d; an earlier oic can no longer open it).\n", dir, sealed, store.SchemaVersion)
		}
	}
	return s, cfg, servedElsewhere(dir, err)
}

// loadConfig reads config.json from the data directory if there is one; the
// ICIBI defaults apply otherwise. See README "Configuration".
func loadConfig(dir string) (domain.Config, error) {
	path := filepath.Join(dir, "config.json")
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return domain.DefaultConfig(), nil
	}
	if err != nil {
		return domain.Config{}, err
	}
	cfg := domain.DefaultConfig()
	if err := json.Unmarshal(b, &cfg); err != nil {
		return cfg, fmt.Errorf("%s: %w", path, err)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// parseFlags parses a sub-command's flags. -h prints its usage to stdout
// and returns flag.ErrHelp, which exits 0; a mistake prints the problem and
// the usage to stderr and exits 2.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer, usage string) error {
	printUsage := func(w io.Writer) {
		fmt.Fprintf(w, "Usage: oic %s %s\n\nFlags:\n", fs.Name(), usage)
		out := fs.Output()
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(out)
	}
	fs.Usage = func() {} // printed below, once, to the right stream
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		printUsage(stdout)
		return flag.ErrHelp
	}
	if err != nil {
		printUsage(fs.Output())
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "oic %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return errUsage
	}
	return nil
}
