from treatykit.cli import main

main()
