from vetlint.cli import main

main()
