import MICommands

ToolMain.run(EstimateCommand.self)
