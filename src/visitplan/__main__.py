from visitplan.entry import main

main()
