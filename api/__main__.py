from pactmap.api.cli import main

main()
